// In-memory stdio for running a `kiosk <command>` module's run(argv, io) inside a test.
import { PassThrough, Writable } from 'node:stream';

export function captureIo(stdinText?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (to: string[]) => new Writable({ write(c, _e, cb) { to.push(String(c)); cb(); } });
  const stdin = new PassThrough();
  if (stdinText !== undefined) stdin.end(stdinText);
  return { io: { stdout: sink(out), stderr: sink(err), stdin }, out: () => out.join(''), err: () => err.join('') };
}
