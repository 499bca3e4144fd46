// Status lists arrive from a file (USB stick) or the network; lookup answers from the network; entry CSVs from the
// authority's operator. Properties: no loader throws or rejects; a list is accepted only exactly as signed.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { buildStatusList, parseEntriesCsv, signLookupAnswer } from '../../../main/status/build.ts';
import { importStatusListFile } from '../../../main/status/resolver.ts';
import { loadStatusList, loadUnverified, type ListError } from '../../../main/verify/status/format.ts';
import { checkLookupResponse } from '../../../main/verify/status/online.ts';
import { nodeSignatureVerifier } from '../../../main/kiosk/node-verifier.ts';
import { demoKeys } from '../../fixtures/hk/sign.ts';
import { bounded, demoTrust, mutatedJson, mutatedString } from '../support.ts';
import type { FuzzTarget } from './types.ts';

const ERRORS = new Set<ListError>(['oversized', 'malformed', 'unknown-authority', 'bad-signature', 'entries-digest-mismatch', 'entries-invalid', 'expiry-before-issue']);
const h16 = (s: string) => new Uint8Array(createHash('sha256').update(s).digest().subarray(0, 16));
const day = (iso: string) => Math.floor(Date.parse(iso) / 86_400_000);

function sampleList(): string {
  return buildStatusList({
    key: demoKeys.status, authority: 'demo-status', issuer: 'Demo status authority (TEST ONLY)', listId: 'hk-colour', version: 7,
    issuedAt: '2022-09-01T00:00:00Z', expiresAt: '2022-12-31T00:00:00Z',
    entries: [
      { hash: h16('fuzz-a'), kind: 'red', from: 0, until: 0 },
      { hash: h16('fuzz-b'), kind: 'amber', from: 1_660_000_000, until: day('2022-10-01') },
      { hash: h16('fuzz-c'), kind: 'revoked', from: 0, until: 0 },
      { hash: h16('fuzz-c'), kind: 'red', from: 1_650_000_000, until: 1_670_000_000 },
    ],
  });
}

function checkResult(r: Awaited<ReturnType<typeof loadStatusList>>): void {
  if (!r.ok && !ERRORS.has(r.error)) throw new Error(`unknown list error ${String(r.error)}`);
}

export const statusTargets: FuzzTarget[] = [
  {
    name: 'status list: arbitrary text',
    runs: 800,
    async run(p) {
      const trust = demoTrust();
      const input = fc.oneof(fc.string({ maxLength: 300 }), fc.json({ maxDepth: 3 }));
      await fc.assert(fc.asyncProperty(input, async (t) => { checkResult(await bounded('loadStatusList', () => loadStatusList(t, trust, nodeSignatureVerifier))); }), p);
    },
  },
  {
    name: 'status list: edits of a signed list are refused (text and structure)',
    runs: 1500,
    async run(p) {
      const trust = demoTrust();
      const text = sampleList();
      const original = JSON.parse(text) as Record<string, unknown>;
      const input = fc.oneof(
        mutatedString(text, '{}":,0123456789abcdefABCDEF+/=-TZ'),
        mutatedJson(original).map((j) => JSON.stringify(j) ?? ''),
      );
      await fc.assert(fc.asyncProperty(input, async (t) => {
        const r = await bounded('loadStatusList', () => loadStatusList(t, trust, nodeSignatureVerifier));
        checkResult(r);
        if (r.ok) {
          // accepted only if every signed field and the entries are the authority's own
          const got = JSON.parse(t) as Record<string, unknown>;
          for (const k of Object.keys(original)) {
            if (k !== 'signature' && JSON.stringify(got[k]) !== JSON.stringify(original[k])) throw new Error(`accepted a list with an edited ${k}`);
          }
        }
      }), p);
    },
  },
  {
    name: 'status list: USB-stick import of edited files keeps only lists that load',
    runs: 300,
    async run(p) {
      const trust = demoTrust();
      const text = sampleList();
      const dir = mkdtempSync(join(tmpdir(), 'kiosk-fuzz-import-'));
      const file = join(dir, 'stick.json');
      const dataDir = join(dir, 'data');
      const input = fc.oneof(mutatedString(text, '{}":,0123456789abcdef=-TZ'), mutatedJson(JSON.parse(text)).map((j) => JSON.stringify(j) ?? ''), fc.constant(text));
      await fc.assert(fc.asyncProperty(input, async (t) => {
        writeFileSync(file, t);
        const r = await bounded('importStatusListFile', () => importStatusListFile(file, dataDir, trust));
        if (!r.ok && (typeof r.error !== 'string' || !r.error)) throw new Error('refusal without a reason');
        if (r.ok) {
          // whatever was kept in the data dir must itself load as a signed list
          const kept = await loadStatusList(readFileSync(join(dataDir, 'status', 'current.json'), 'utf8'), trust, nodeSignatureVerifier);
          if (!kept.ok) throw new Error(`an import kept a list that does not load (${kept.error})`);
        }
      }), p);
    },
  },
  {
    name: 'status list: hostile entry blocks with a matching digest (unverified load)',
    runs: 1000,
    async run(p) {
      const base = JSON.parse(sampleList()) as Record<string, unknown>;
      const records = fc.array(
        fc.tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 0, max: 4 }), fc.uint8Array({ minLength: 8, maxLength: 8 })),
        { maxLength: 40 },
      ).chain((rs) => fc.boolean().map((sorted) => {
        const list = sorted ? [...rs].sort((a, b) => Buffer.compare(Buffer.from(a[0]), Buffer.from(b[0]))) : rs;
        return Buffer.concat(list.map(([h, k, t]) => Buffer.concat([h, Buffer.from([k]), t])));
      }));
      await fc.assert(fc.asyncProperty(records, async (bytes) => {
        const doc = { ...base, count: bytes.length / 25, entries: bytes.toString('base64'), entriesSha256: createHash('sha256').update(bytes).digest('hex') };
        const r = await bounded('loadUnverified', () => loadUnverified(JSON.stringify(doc)));
        checkResult(r);
      }), p);
    },
  },
  {
    name: 'status lookup answers: arbitrary and edited bodies',
    runs: 1000,
    async run(p) {
      const hashes = [h16('fuzz-a'), h16('fuzz-b')];
      const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
      const nonce = 'ab'.repeat(16);
      const good = signLookupAnswer({
        format: 'kiosk-status-lookup', formatVersion: 2, authority: 'demo-status', nonce, listId: 'hk-colour', listVersion: 3,
        issuedAt: '2022-11-30T00:00:00Z', expiresAt: '2022-12-31T00:00:00Z', alg: 'ES256',
        entries: [{ hash: hex(hashes[0]!), kind: 'red', from: 0, until: 0 }, { hash: hex(hashes[1]!), kind: 'amber', from: 0, until: day('2022-12-10') }],
      }, demoKeys.status);
      const check = { trust: demoTrust(), verifier: nodeSignatureVerifier, nonce, heldVersion: 2 };
      const goodText = JSON.stringify(good);
      const input = fc.record({
        body: fc.oneof(fc.anything({ maxDepth: 3 }), mutatedJson(good)),
        now: fc.oneof(fc.date({ noInvalidDate: false }), fc.constant(new Date('2022-12-05T04:00:00Z'))),
      });
      await fc.assert(fc.asyncProperty(input, async ({ body, now }) => {
        const r = await bounded('checkLookupResponse', () => checkLookupResponse(body, hashes, now, check));
        if (r.ok && (typeof r.lookup.revoked !== 'boolean' || typeof r.lookup.colour !== 'object')) throw new Error('malformed lookup');
        // an answer is used only exactly as signed
        if (r.ok && JSON.stringify(body) !== goodText) throw new Error('an edited lookup answer was accepted');
      }), p);
    },
  },
  {
    name: 'status entries CSV: arbitrary and edited text',
    runs: 800,
    async run(p) {
      const csv = 'kind,hash,from,until\nred,' + '0'.repeat(32) + ',,\namber,' + 'a'.repeat(32) + ',2022-10-01T00:00:00Z,2022-10-14\n';
      const input = fc.oneof(fc.string({ maxLength: 300 }), mutatedString(csv, 'kind,redambr\n\r"0123456789abcdef-:TZ'));
      await fc.assert(fc.asyncProperty(input, async (t) => {
        const r = await bounded('parseEntriesCsv', () => parseEntriesCsv(t));
        if (!r.ok && !r.error) throw new Error('refusal without a reason');
      }), p);
    },
  },
];


