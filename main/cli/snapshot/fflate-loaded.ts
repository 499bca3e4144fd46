// fflate builds a streaming TextDecoder when it loads, for its strFromU8 (which the verifier never calls). Its
// ICU converter is a native handle, and V8 aborts a snapshot that holds one. So the snapshot loads fflate with
// TextDecoder hidden (fflate then decodes strings in JS), and puts TextDecoder back for every other module.
import { textDecoderProperty } from './text-decoder-hidden.ts';
import { inflateSync } from 'fflate';

// used, so that the bundler keeps fflate's loading here (it declares no side effects): an empty raw deflate block
if (inflateSync(new Uint8Array([3, 0])).length !== 0) throw new Error('fflate: an empty block inflated to bytes');
if (textDecoderProperty) Object.defineProperty(globalThis, 'TextDecoder', textDecoderProperty);
else Reflect.deleteProperty(globalThis, 'TextDecoder');
