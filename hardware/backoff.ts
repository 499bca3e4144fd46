// Reconnect delays: quick at first (a replug takes a second), then slower so a missing device costs nothing.
export class Backoff {
  private attempt = 0;
  constructor(
    private readonly firstMs = 100,
    private readonly maxMs = 2000,
  ) {}
  next(): number {
    const ms = Math.min(this.maxMs, this.firstMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 20);
    return ms;
  }
  reset(): void {
    this.attempt = 0;
  }
}
