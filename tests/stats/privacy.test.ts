// Proof of no personal data: 10,000 generated passes with unique names, IDs and references go through the real
// kiosk core (real verifier, real SQLite counts, real log file). Then the counts must be exact, and no name, ID,
// reference, payload, hash of a payload, nor any 8+ character substring of them may appear, byte for byte, in
// any file under the data directory (database, WAL, shared memory, logs, config), while running and after close.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKioskCore } from '../../main/kiosk/core.ts';
import { createLogger } from '../../main/kiosk/log.ts';
import { openStatsStore } from '../../main/stats/index.ts';
import { makeVac } from '../fixtures/hk/sign.ts';

const N = 10_000;
const WINDOW = 8; // any substring of 8 or more characters contains one of 8
const START = Date.parse('2022-12-05T04:00:00Z'); // inside the final Vaccine Pass stage
const STEP_MS = 17_000; // 10,000 scans spread over ~47 hours: several hour and day buckets

const dir = mkdtempSync(join(tmpdir(), 'privacy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
function letters(n: number): string {
  return [...randomBytes(n)].map((b) => LETTERS[b % 26]).join('');
}

interface Pass {
  name: string;
  id: string;
  reference: string;
  payload: string;
  rogue: boolean;
}

function makePasses(): Pass[] {
  const names = new Set<string>();
  const out: Pass[] = [];
  for (let i = 0; i < N; i++) {
    let name: string;
    do name = `${letters(6)} ${letters(1)}** ${letters(1)}**`;
    while (names.has(name));
    names.add(name);
    const id = `${letters(1)}${String(i).padStart(6, '0')}(${i % 10})`;
    const reference = `R${letters(3)}${String(i).padStart(10, '0')}`;
    // every tenth pass is signed by a key no trust store holds: refused, and counted as such
    const rogue = i % 10 === 9;
    const payload = makeVac({ maskedName: name, maskedId: id, reference, ...(rogue ? { key: 'rogue' as const } : {}) });
    out.push({ name, id, reference, payload, rogue });
  }
  return out;
}

/** every 8-byte window of the UTF-8 bytes of each secret, as latin1 strings for exact byte comparison */
function secretWindows(passes: Pass[]): Set<string> {
  const set = new Set<string>();
  const add = (s: string) => {
    const b = Buffer.from(s, 'utf8').toString('latin1');
    for (let i = 0; i + WINDOW <= b.length; i++) set.add(b.slice(i, i + WINDOW));
  };
  for (const p of passes) {
    add(p.name);
    add(p.id);
    add(p.reference);
    add(p.payload);
    const h = createHash('sha256').update(p.payload).digest();
    add(h.toString('hex'));
    add(h.toString('base64'));
  }
  return set;
}

function filesUnder(root: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(root, { withFileTypes: true })) {
    const p = join(root, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** file -> the secret windows found in it (empty when clean) */
function leaks(windows: Set<string>, passes: Pass[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const f of filesUnder(dir)) {
    const bytes = readFileSync(f);
    const text = bytes.toString('latin1');
    const hits: string[] = [];
    for (let i = 0; i + WINDOW <= text.length && hits.length < 5; i++) {
      const w = text.slice(i, i + WINDOW);
      if (windows.has(w)) hits.push(w);
    }
    // names and IDs whole in UTF-16 too, in case anything ever stored text that way
    for (const p of passes) {
      if (hits.length >= 5) break;
      for (const s of [p.name, p.id]) if (bytes.includes(Buffer.from(s, 'utf16le'))) hits.push(`utf16:${s}`);
    }
    if (hits.length) found.set(f, hits);
  }
  return found;
}

describe('privacy: 10,000 scans through the core', () => {
  it('counts them exactly and writes nothing personal anywhere under the data directory', async () => {
    const passes = makePasses();
    let now = START;
    // the real store, without the per-commit fsync: what is written is the same, only durability differs
    const stats = openStatsStore({ dataDir: dir, now: () => now, sync: 'normal' });
    const core = await createKioskCore({ dataDir: dir, shell: 'standalone', clock: () => now, stats, log: createLogger(dir, false) });

    const expected = new Map<string, number>();
    const pad = (n: number): string => String(n).padStart(2, '0');
    for (let i = 0; i < N; i++) {
      const p = passes[i]!;
      const source = i % 2 === 0 ? 'serial' : 'camera';
      const ev = await core.submitScan({ text: p.payload, source, deviceId: 'privacy-test', at: now });
      expect(ev.verdict.outcome).toBe(p.rogue ? 'invalid' : 'valid');
      const d = new Date(now);
      const key = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())},${p.rogue ? 'invalid' : 'valid'},hk-vac,${source}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
      now += STEP_MS;
    }

    const rows = stats.query({ granularity: 'day' });
    const got = new Map(rows.map((r) => [`${r.period},${r.outcome},${r.credential},${r.source}`, r.count]));
    expect(got).toEqual(expected);
    expect(rows.reduce((a, r) => a + r.count, 0)).toBe(N);
    expect(stats.query({ granularity: 'hour' }).reduce((a, r) => a + r.count, 0)).toBe(N);
    expect(stats.fault()).toBeNull();

    const windows = secretWindows(passes);
    // while running: the WAL and shared-memory files are there too
    const files = filesUnder(dir);
    expect(files.some((f) => f.endsWith('stats.db-wal'))).toBe(true);
    expect(files.some((f) => f.includes('logs'))).toBe(true);
    expect(files.some((f) => f.endsWith('config.json'))).toBe(true);
    expect(leaks(windows, passes)).toEqual(new Map());

    await core.close();
    stats.close();
    expect(leaks(windows, passes)).toEqual(new Map());

    // the check itself can fail: a file holding one name is caught
    const canary = passes[1234]!;
    const probe = new Set(windows);
    const canaryFile = join(dir, 'logs', 'canary.log');
    writeFileSync(canaryFile, `scan by ${canary.name}\n`);
    expect([...leaks(probe, passes).keys()]).toEqual([canaryFile]);
  }, 600_000);
});
