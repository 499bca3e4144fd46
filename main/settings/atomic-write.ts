// Write-then-rename so a power cut leaves either the old file or the new one, never half of each. A nearly full
// disk answers a write with fewer bytes than asked (a short write) before it answers ENOSPC: every byte is written
// or the write fails, and the file is read back and compared before it replaces the old one.
import { closeSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export class ShortWriteError extends Error {
  readonly code = 'ESHORTWRITE';
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      let off = 0;
      while (off < bytes.length) {
        const n = writeSync(fd, bytes, off, bytes.length - off);
        if (n <= 0) throw new ShortWriteError(`${path}: the disk took ${off} of ${bytes.length} bytes`);
        off += n;
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    verify(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  try {
    const dfd = openSync(dir, 'r');
    try { fsyncSync(dfd); } finally { closeSync(dfd); }
  } catch {
    // some file systems cannot fsync a directory; the rename itself is still atomic
  }
}

/** Reads the file back and compares it with what was meant to be written. */
function verify(file: string, want: Buffer): void {
  const fd = openSync(file, 'r');
  try {
    const got = Buffer.alloc(want.length + 1);
    let off = 0;
    for (;;) {
      const n = readSync(fd, got, off, got.length - off, off);
      if (n <= 0) break;
      off += n;
      if (off === got.length) break;
    }
    if (off !== want.length || !got.subarray(0, off).equals(want)) {
      throw new ShortWriteError(`${file}: read back ${off} bytes that differ from the ${want.length} written`);
    }
  } finally {
    closeSync(fd);
  }
}
