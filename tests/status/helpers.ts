// Shared by the status tests: the demo trust store, list builders signed with the demo status key, temp dirs,
// deliberately misbehaving HTTP servers on 127.0.0.1.
import { createHash, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildStatusList, type BuildEntry } from '../../main/status/build.ts';
import type { CredentialIdentity } from '../../main/verify/types.ts';
import { loadTrustStoreText } from '../../main/verify/trust/load.ts';
import type { TrustStore } from '../../main/verify/trust/types.ts';
import { demoKeys, demoTrustPath } from '../fixtures/hk/sign.ts';
import { PassThrough } from 'node:stream';
import { run as statusList } from '../../main/cli/status-list.ts';

export function demoTrust(): TrustStore {
  const r = loadTrustStoreText(readFileSync(demoTrustPath, 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.store;
}

/** SHA-256 truncated to 16 bytes, computed independently of the code under test. */
export function h16(text: string | Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(text).digest().subarray(0, 16));
}

export const ALICE: CredentialIdentity = {
  family: 'hk', recordType: 'VAC', maskedId: '****456(7)', maskedName: 'CHAN T** M**', dob: '15-03-1985', reference: 'DEMO-REF-0001',
};
export const BOB: CredentialIdentity = {
  family: 'hk', recordType: 'VAC', maskedId: '****111(1)', maskedName: 'WONG K** L**', dob: '01-01-1990', reference: 'DEMO-REF-0002',
};
export const MEC_CAROL: CredentialIdentity = {
  family: 'hk', recordType: 'MEC', maskedId: '****222(2)', maskedName: 'LEE S** Y**', dob: '02-02-1970', reference: 'DEMO-MEC-0003',
};

/** The hash the spec (docs/status-lists.md) defines for an HK person, spelled out by hand. */
export function hkPersonHash(i: { recordType: string; maskedId: string; maskedName: string; dob: string }): Uint8Array {
  const [d, m, y] = i.dob.split('-');
  return h16(`hk-person/1|${i.recordType}|${i.maskedId}|${i.maskedName}|${y}-${m}-${d}`);
}
export function hkRefHash(recordType: string, reference: string): Uint8Array {
  return h16(`hk-ref/1|${recordType}|${reference}`);
}

export const sec = (iso: string): number => Math.floor(Date.parse(iso) / 1000);
/** Days since 1970-01-01 of a calendar date, by hand. */
export const dayNo = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

export interface ListSpec {
  version?: number;
  issuedAt?: string;
  expiresAt?: string;
  entries?: BuildEntry[];
  key?: KeyObject;
  authority?: string;
  listId?: string;
}

export function makeList(spec: ListSpec = {}): string {
  return buildStatusList({
    key: spec.key ?? demoKeys.status,
    authority: spec.authority ?? 'demo-status',
    issuer: 'Demo status authority (TEST ONLY)',
    listId: spec.listId ?? 'hk-colour',
    version: spec.version ?? 1,
    issuedAt: spec.issuedAt ?? '2022-09-01T00:00:00Z',
    expiresAt: spec.expiresAt ?? '2022-12-31T00:00:00Z',
    entries: spec.entries ?? [],
  });
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-status-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A server whose behaviour each test writes; every open socket is destroyed on close. */
export async function customServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = createServer((req, res) => { hits++; handler(req, res); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, server, hits: () => hits,
    close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}

/** A port that was free a moment ago and has nothing listening now: "server down". */
export async function deadUrl(): Promise<string> {
  const s = await customServer(() => {});
  await s.close();
  return s.url;
}

/** `kiosk status-list ARGS` in-process, its exit code and what it wrote. */
export async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough(), stderr = new PassThrough();
  let out = '', err = '';
  stdout.on('data', (c) => { out += c; });
  stderr.on('data', (c) => { err += c; });
  const code = await statusList(argv, { stdout, stderr, stdin: new PassThrough() });
  return { code, out, err };
}
