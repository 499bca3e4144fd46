// Imported by fflate-loaded.ts just before fflate: TextDecoder is hidden while fflate loads (see there).
export const textDecoderProperty = Object.getOwnPropertyDescriptor(globalThis, 'TextDecoder');

Object.defineProperty(globalThis, 'TextDecoder', { value: undefined, configurable: true, writable: true });
