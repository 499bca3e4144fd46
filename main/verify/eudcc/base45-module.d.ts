// Types for the untyped `base45` package (only what base45.ts uses).
declare module 'base45' {
  const base45: { decode(input: string): Uint8Array; encode(input: Uint8Array | string): string };
  export default base45;
}
