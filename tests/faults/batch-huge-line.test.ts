// `kiosk verify --batch -` fed a 600 MB line through a pipe (longer than the longest string V8 can build): the
// line is judged `too-large` without being held, and the batch goes on with the next line.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoTrustPath, makeVac } from '../fixtures/hk/sign.ts';

const root = resolve(__dirname, '../..');

describe('verify --batch and a 600 MB line', () => {
  it('judges it too-large and goes on', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', 'verify', '--trust', demoTrustPath, '--now', '2022-12-05T12:00:00+08:00', '--batch', '-'],
      { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    const write = (b: Buffer | string) => new Promise<void>((res, rej) => {
      if (child.stdin!.write(b)) res();
      else child.stdin!.once('drain', res);
      child.stdin!.once('error', rej);
    });
    const pass = JSON.stringify(makeVac());
    await write(`${pass}\n`);
    const chunk = Buffer.alloc(8 * 1024 * 1024, 0x41); // 'A'
    for (let sent = 0; sent < 600 * 1024 * 1024; sent += chunk.length) await write(chunk);
    await write(`\n${pass}\n`);
    child.stdin!.end();
    expect(await exited, err).toBe(0);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { outcome: string; reasons: string[] });
    expect(lines.map((l) => l.outcome)).toEqual(['valid', 'unreadable', 'valid']);
    expect(lines[1]!.reasons).toContain('too-large');
  }, 240_000);
});
