// Types for the untyped `base45` package, which the tests use only to encode (building test QR texts).
declare module 'base45' {
  const base45: { decode(input: string): Uint8Array; encode(input: Uint8Array | string): string };
  export default base45;
}
