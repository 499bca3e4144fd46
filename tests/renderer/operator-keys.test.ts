// Every message key the operator can be shown exists in both translation files. The keys are found two ways:
// literally in the renderer's source (t('...'), k="..."), and by walking every value of each enumeration a
// template key is built from (t(`op.pin.problems.${problem}`) and so on) as the contract defines them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../renderer/i18n/en.json';
import zh from '../../renderer/i18n/zh-Hant.json';
import { ListProblem, PinProblem, requests } from '../../main/api/contract.ts';
import { AttentionItem, DeviceStatus } from '../../main/api/state.ts';
import { SECTIONS } from '../../renderer/operator/Operator.tsx';
import { deviceErrorKey } from '../../renderer/logic/device-errors.ts';
import { faultKey } from '../../renderer/logic/fault-keys.ts';
import { listErrorKey } from '../../renderer/logic/list-errors.ts';
import { describeRejection } from '../../main/status/resolver.ts';

type Tree = { [k: string]: string | Tree };
const has = (tree: Tree, key: string): boolean => {
  const v = key.split('.').reduce<string | Tree | undefined>((n, p) => (n && typeof n === 'object' ? n[p] : undefined), tree);
  return typeof v === 'string' && v.trim().length > 0;
};
const plural = (tree: Tree, key: string) => has(tree, key) || (has(tree, `${key}_one`) && has(tree, `${key}_other`));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

/** Literal keys: t('a.b'), t("a.b"), k="a.b", k={'a.b'}, fixedT(x)('a.b'), biText('a.b'). */
function literalKeys(): string[] {
  const out = new Set<string>();
  for (const f of sources('renderer')) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:\bt|\)|biText)\(\s*'([a-zA-Z][\w.-]*\.[\w.-]+)'/g)) out.add(m[1]!);
    for (const m of text.matchAll(/\bk=\{?['"]([a-zA-Z][\w.-]*\.[\w.-]+)['"]/g)) out.add(m[1]!);
  }
  return [...out];
}

const enumValues = (schema: { options: readonly string[] }) => [...schema.options];
const resultProblem = (m: 'addScanner' | 'testRelay' | 'setVenue') =>
  enumValues((requests[m].result.shape.problem as unknown as { unwrap(): { options: string[] } }).unwrap());

/** Keys built from templates, one per value the contract allows. */
function templateKeys(): string[] {
  return [
    ...enumValues(PinProblem).map((p) => `op.pin.problems.${p}`),
    ...enumValues(ListProblem).map((p) => `op.colour.problems.${p}`),
    ...resultProblem('addScanner').map((p) => `op.devices.addProblems.${p}`),
    ...resultProblem('testRelay').map((p) => `op.devices.relayProblems.${p}`),
    ...resultProblem('setVenue').map((p) => `op.venue.errors.${p}`),
    ...enumValues(AttentionItem.shape.key).map((k) => `idle.attentionItems.${k}`),
    ...enumValues(DeviceStatus.shape.kind).map((k) => `op.devices.kinds.${k}`),
    ...enumValues(DeviceStatus.shape.state).map((k) => `op.devices.states.${k}`),
    ...SECTIONS.map((s) => `op.tabs.${s}`),
    ...['hour', 'day'].map((g) => `op.counts.${g}`),
    ...['electron', 'standalone'].map((g) => `op.system.shells.${g}`),
  ];
}

describe('operator-visible message keys', () => {
  it('finds the keys it checks (the source scan works)', () => {
    const lit = literalKeys();
    expect(lit).toContain('op.pin.changed');
    expect(lit).toContain('op.colour.noUrl');
    expect(lit.length).toBeGreaterThan(150);
  });

  it('every literal key in the renderer exists in both languages', () => {
    const missing = literalKeys().filter((k) => !plural(en as unknown as Tree, k) || !plural(zh as unknown as Tree, k));
    expect(missing).toEqual([]);
  });

  it('every key built from a contract enumeration exists in both languages', () => {
    const missing = templateKeys().filter((k) => !has(en as unknown as Tree, k) || !has(zh as unknown as Tree, k));
    expect(missing).toEqual([]);
  });

  it('every driver error the screen translates has its key in both languages', () => {
    const errors = ['device not present', 'not present', 'device disconnected', 'permission denied: see docs/hardware.md',
      'port in use by another program', 'unreadable bytes dropped (check baud rate)', 'line longer than the limit dropped',
      'incomplete line dropped', 'too many scans per second: some dropped', 'camera not found', 'camera permission denied',
      'camera busy or failed to start', 'no camera support in this browser', 'relay disconnected', 'relay: EIO'];
    for (const e of errors) {
      const k = deviceErrorKey(e);
      expect(k, e).not.toBeNull();
      expect(has(en as unknown as Tree, k!) && has(zh as unknown as Tree, k!), k!).toBe(true);
    }
    expect(deviceErrorKey('something new')).toBeNull();
  });

  it('every core fault the screens translate has its key in both languages', () => {
    const faults = ['DEMO issuer keys are trusted: verdicts are for demonstration only.',
      'The configuration could not be saved (disk full or read-only?).',
      'The configured venue code could not be read; showing the demo venue.',
      'The counts database stats.db is full (disk full or size limit reached); 3 count(s) are held in memory until it can be written.',
      'The counts database stats.db cannot be written (read-only).', 'The counts database stats.db is damaged.',
      'The counts database stats.db is locked by another program.', 'The counts database stats.db failed (EIO).'];
    const keys = faults.map((f) => faultKey(f));
    expect(new Set(keys).size).toBe(faults.length);
    for (const k of keys) {
      expect(k).not.toBeNull();
      expect(has(en as unknown as Tree, k!) && has(zh as unknown as Tree, k!), k!).toBe(true);
    }
    expect(faultKey('rule file x.json ignored: bad')).toBeNull();
  });

  it('every colour-list rejection and sync error the core words has its key in both languages', () => {
    const codes = enumValues(ListProblem).filter((p) => !['unreadable', 'not-offered', 'failed'].includes(p));
    for (const c of codes) {
      const k = listErrorKey(describeRejection(c, 'detail'));
      expect(k?.key, c).toBe(`op.colour.problems.${c}`);
    }
    for (const e of ['HTTP 503', 'timeout: no complete answer within 30000 ms', 'bad-url: not a URL', 'network error',
      'unreachable: connection refused', 'truncated: connection closed', 'oversized: answer larger than 5 bytes',
      'list in use but not saved (ENOSPC)']) {
      const k = listErrorKey(e);
      expect(k, e).not.toBeNull();
      expect(has(en as unknown as Tree, k!.key) && has(zh as unknown as Tree, k!.key), k!.key).toBe(true);
    }
  });
});
