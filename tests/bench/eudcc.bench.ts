// EU DCC verify speed: verifyEuDcc over the upstream vectors that both it and @pathcheck/dcc-sdk verify, with and
// without the EU rules stage (the peer has none), the peer, and the physical floor (crypto.verify of the COSE
// signature with the key already imported, ES256 vectors), all interleaved call by call with equal warm-up.
// No target is claimed that the honest figure does not meet: the ratios are printed as they come out.
// The peer is GPL-3.0 and ships extension-less ESM: it is bundled here with esbuild into a temp dir, used only
// by this benchmark (never by the product), and kept offline: its trust registry is preloaded with
// addCachedCerts({kid: base64 DER}) and its `cross-fetch` import is replaced by a stub that refuses.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPublicKey, verify as nodeVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { Decoder, Encoder } from 'cbor-x';
import { build } from 'esbuild';
import { unzlibSync } from 'fflate';
import base45 from 'base45';
import { nodeSignatureVerifier } from '../../main/kiosk/node-verifier.ts';
import { verifyEuDcc } from '../../main/verify/eudcc/index.ts';
import { parseSigningCert } from '../../main/verify/eudcc/signing-cert.ts';
import { loadRuleProfile, type VerifyContext } from '../../main/verify/index.ts';
import type { TrustStore } from '../../main/verify/trust/types.ts';
import { interleave, type Bench } from './harness.ts';

const ROOT = '../shared/testdata/eu-dcc';

interface Vector { PREFIX: string; TESTCTX: { CERTIFICATE: string; VALIDATIONCLOCK: string } }

function vectorFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...vectorFiles(p));
    else if (e.name.endsWith('.json') && p.includes('2DCode/raw')) out.push(p);
  }
  return out.sort();
}

function clockOf(text: string): Date {
  let t = text.trim().replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  if (!/(Z|[+-]\d\d:\d\d)$/.test(t)) t += 'Z';
  return new Date(t);
}

interface Peer {
  addCachedCerts(certs: Record<string, string>): void;
  unpackAndVerify(uri: string): Promise<{ status: string }>;
}

async function bundlePeer(dir: string): Promise<Peer> {
  const stub = join(dir, 'no-fetch.mjs');
  writeFileSync(stub, "export default function fetch() { return Promise.reject(new Error('offline benchmark: no fetch')); }\n");
  const outfile = join(dir, 'dcc-sdk.bundle.mjs');
  await build({
    entryPoints: [join(process.cwd(), 'node_modules/@pathcheck/dcc-sdk/lib/main.js')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'silent',
    alias: { 'cross-fetch': stub },
    // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return (await import(pathToFileURL(outfile).href)) as Peer;
}

/** The COSE_Sign1 of an HC1: text, as the floor needs it: Sig_structure bytes, raw signature, ES256 or not. */
function coseParts(text: string): { tbs: Buffer; sig: Buffer; es256: boolean } | null {
  try {
    const cose = unzlibSync(new Uint8Array(base45.decode(text.slice(4))));
    let msg = new Decoder({ mapsAsObjects: false }).decode(cose) as unknown;
    if (msg && typeof msg === 'object' && 'value' in (msg as object) && !Array.isArray(msg)) msg = (msg as { value: unknown }).value;
    const [prot, , payload, sig] = msg as [Uint8Array, unknown, Uint8Array, Uint8Array];
    const header = new Decoder({ mapsAsObjects: false }).decode(prot) as Map<number, unknown>;
    // Buffers, not Uint8Arrays: cbor-x writes a Uint8Array as a typed-array tag, a Buffer as a byte string
    const tbs = new Encoder({ mapsAsObjects: false }).encode(['Signature1', Buffer.from(prot), Buffer.alloc(0), Buffer.from(payload)]);
    return { tbs: Buffer.from(tbs), sig: Buffer.from(sig), es256: header.get(1) === -7 };
  } catch {
    return null;
  }
}

const bench: Bench = {
  name: 'eudcc',
  async run(h) {
    const profile = loadRuleProfile();
    if (!profile.ok) throw new Error(profile.error);
    const vectors = vectorFiles(ROOT).map((f) => JSON.parse(readFileSync(f, 'utf8')) as Vector);
    // one trust store holding every vector's signing certificate, as a kiosk's store would
    const certs = [...new Set(vectors.map((v) => v.TESTCTX.CERTIFICATE))];
    const trust: TrustStore = {
      name: 'bench', demo: false, hk: [], shc: [], status: [],
      eudcc: certs.map((c) => ({ certificate: c, der: new Uint8Array(Buffer.from(c, 'base64')), demo: false, store: 'bench' })),
    };
    const base = { venue: 'active' as const, trust, rules: profile.profile, crypto: nodeSignatureVerifier, euRules: null };

    // the vectors both sides can verify: ours passes the signature stage
    const cases: { text: string; ctx: VerifyContext & { euRules: null } }[] = [];
    for (const v of vectors) {
      const ctx = { ...base, now: clockOf(v.TESTCTX.VALIDATIONCLOCK) };
      const out = await verifyEuDcc(v.PREFIX, ctx);
      if (out.verdict.stages.signature === true) cases.push({ text: v.PREFIX, ctx });
    }
    if (cases.length === 0) throw new Error('no verifiable vectors');
    const iterations = h.quick ? 200 : 3000;
    const warmup = h.quick ? 50 : 500;
    const dir = mkdtempSync(join(tmpdir(), 'eudcc-bench-'));
    const { log, warn } = console;
    try {
      const peer = await bundlePeer(dir);
      const registry: Record<string, string> = {};
      for (const c of certs) {
        const parsed = parseSigningCert(new Uint8Array(Buffer.from(c, 'base64')));
        if (parsed) registry[Buffer.from(parsed.kid).toString('base64')] = c;
      }
      peer.addCachedCerts(registry);
      // the peer's console.log of every caught decode error is muted while it runs
      console.log = () => {};
      console.warn = () => {};
      // same work: the vectors both verify
      const both: typeof cases = [];
      for (const c of cases) if ((await peer.unpackAndVerify(c.text)).status === 'verified') both.push(c);
      if (both.length === 0) throw new Error('@pathcheck/dcc-sdk verified none of the vectors');
      const withRules = both.map((c) => ({ text: c.text, ctx: { ...c.ctx, euRules: undefined } as VerifyContext }));
      let i = 0;
      let j = 0;
      let k = 0;
      const t = await interleave({
        ours: () => { const c = both[i++ % both.length]!; return verifyEuDcc(c.text, c.ctx); },
        oursRules: () => { const c = withRules[j++ % withRules.length]!; return verifyEuDcc(c.text, c.ctx); },
        peer: () => peer.unpackAndVerify(both[k++ % both.length]!.text),
      }, { iterations, warmup });
      // the floor, and ours on the same ES256 subset, interleaved the same way
      const es: { text: string; ctx: VerifyContext; tbs: Buffer; sig: Buffer; key: KeyObject }[] = [];
      for (const c of both) {
        const parts = coseParts(c.text);
        const v = vectors.find((x) => x.PREFIX === c.text)!;
        if (!parts?.es256) continue;
        const key = createPublicKey(new X509Certificate(Buffer.from(v.TESTCTX.CERTIFICATE, 'base64')).publicKey.export({ format: 'pem', type: 'spki' }));
        if (!nodeVerify('sha256', parts.tbs, { key, dsaEncoding: 'ieee-p1363' }, parts.sig)) continue;
        es.push({ text: c.text, ctx: c.ctx, tbs: parts.tbs, sig: parts.sig, key });
      }
      let m = 0;
      let n = 0;
      const f = es.length
        ? await interleave({
          oursEs: () => { const c = es[m++ % es.length]!; return verifyEuDcc(c.text, c.ctx); },
          floor: () => { const c = es[n++ % es.length]!; return nodeVerify('sha256', c.tbs, { key: c.key, dsaEncoding: 'ieee-p1363' }, c.sig); },
        }, { iterations, warmup })
        : null;
      console.log = log;
      console.warn = warn;
      const r = (label: string, x: { median: number; p95: number; p99: number }, extra: object = {}) =>
        h.report({ label, unit: 'ms', median: x.median, p95: x.p95, p99: x.p99, ...extra });
      r(`EU DCC verify, no rules stage (${both.length} vectors)`, t.ours!, { peer: '@pathcheck/dcc-sdk (same vectors, no rules stage)', ratio: t.peer!.median / t.ours!.median });
      r(`EU DCC verify, with the EU rules stage`, t.oursRules!, { peer: '@pathcheck/dcc-sdk (which has no rules stage)', ratio: t.peer!.median / t.oursRules!.median });
      r('@pathcheck/dcc-sdk unpackAndVerify', t.peer!);
      if (f) {
        r(`floor: crypto.verify ES256, cached key (${es.length} ES256 vectors)`, f.floor!);
        r('EU DCC verify on those ES256 vectors (no rules)', f.oursEs!, { peer: 'the floor (ratio < 1: slower than the bare check)', ratio: f.floor!.median / f.oursEs!.median });
      }
    } finally {
      console.log = log;
      console.warn = warn;
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
