// Frame decoding with both engines on generated frames of real signed passes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame, decodeWithJsqr, decodeWithZxing, loadZxing, mirrorPixels } from '../../renderer/input/qr-decode.ts';
import { passOfLength } from '../hardware/payloads.ts';
import { makeVac } from '../fixtures/hk/sign.ts';
import { qrFrame } from './frames.ts';

beforeAll(async () => {
  const entry = createRequire(import.meta.url).resolve('zxing-wasm/reader');
  const bin = readFileSync(join(dirname(entry), '..', '..', 'reader', 'zxing_reader.wasm'));
  await loadZxing({ wasmBinary: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) });
});

const pass = makeVac({ reference: 'DEMO0000000040' });

describe('camera frame decoding', () => {
  for (const [name, o] of [
    ['plain 640x480', { width: 640, height: 480 }],
    ['rotated 25 degrees', { width: 640, height: 480, rotateDeg: 25 }],
    ['dim', { width: 640, height: 480, contrast: 0.3 }],
    ['1280x720 off-centre', { width: 1280, height: 720, coverage: 0.6, offsetX: 0.2 }],
  ] as const) {
    it(`zxing and jsQR read a pass: ${name}`, async () => {
      const f = qrFrame(pass, o);
      expect(await decodeWithZxing(f)).toBe(pass);
      expect(decodeWithJsqr(f)).toBe(pass);
    });
  }

  it('reads a mirrored code with both engines, and the un-mirrored frame too', async () => {
    const f = qrFrame(pass, { width: 640, height: 480, mirror: true });
    expect(decodeWithJsqr(mirrorPixels(f))).toBe(pass);
    expect(await decodeFrame(f, 'jsqr')).toBe(pass);
    expect(await decodeFrame(f, 'zxing')).toBe(pass);
  });

  it('reads a long (1,000-character) pass', async () => {
    const long = passOfLength(1000, 'DEMO0000000041');
    const f = qrFrame(long, { width: 1280, height: 720, coverage: 0.95 });
    expect(await decodeFrame(f, 'zxing')).toBe(long);
  });

  it('finds nothing in a frame without a code, and refuses absurd frames', async () => {
    const f = qrFrame(null, { width: 640, height: 480 });
    expect(await decodeFrame(f, 'zxing')).toBeNull();
    expect(await decodeFrame(f, 'jsqr')).toBeNull();
    expect(await decodeWithZxing({ data: new Uint8ClampedArray(16), width: 100, height: 100 })).toBeNull();
    expect(decodeWithJsqr({ data: new Uint8ClampedArray(4), width: 5000, height: 5000 })).toBeNull();
  });
});
