// EU DCC verify speed (issue 9): median / p99 of verifyEuDcc over the upstream vectors whose signature verifies
// (signatures through the kiosk's injected node:crypto verifier),
// and the ratio against @pathcheck/dcc-sdk verifying the same vectors in the same run (target: at least 10x).
// The peer is GPL-3.0 and ships extension-less ESM: it is bundled here with esbuild into a temp dir, used only
// by this benchmark (never by the product), and kept offline: its trust registry is preloaded with
// addCachedCerts({kid: base64 DER}) and its `cross-fetch` import is replaced by a stub that refuses.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { nodeSignatureVerifier } from '../../main/kiosk/node-verifier.ts';
import { verifyEuDcc } from '../../main/verify/eudcc/index.ts';
import { parseSigningCert } from '../../main/verify/eudcc/signing-cert.ts';
import { loadRuleProfile, type VerifyContext } from '../../main/verify/index.ts';
import type { TrustStore } from '../../main/verify/trust/types.ts';
import type { Bench, Harness, Stats } from './harness.ts';

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

/** Times the peer on the texts it really verifies; its console.log of every caught decode error is muted. */
async function timePeer(h: Harness, peer: Peer, texts: string[]): Promise<{ theirs: Stats; verified: number }> {
  const { log, warn } = console;
  console.log = () => {};
  console.warn = () => {};
  try {
    const ok: string[] = [];
    for (const t of texts) {
      const r = await peer.unpackAndVerify(t);
      if (r.status === 'verified') ok.push(t);
    }
    if (ok.length === 0) throw new Error('@pathcheck/dcc-sdk verified none of the vectors');
    let j = 0;
    const theirs = await h.time(() => peer.unpackAndVerify(ok[j++ % ok.length]!), { iterations: h.quick ? 100 : 1000 });
    return { theirs, verified: ok.length };
  } finally {
    console.log = log;
    console.warn = warn;
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

    let i = 0;
    const ours = await h.time(() => {
      const c = cases[i++ % cases.length]!;
      return verifyEuDcc(c.text, c.ctx);
    }, { iterations });

    const dir = mkdtempSync(join(tmpdir(), 'eudcc-bench-'));
    try {
      let peer: Peer;
      try {
        peer = await bundlePeer(dir);
      } catch (e) {
        h.report({ label: `EU DCC verify (${cases.length} vectors)`, unit: 'ms', median: ours.median, p95: ours.p95, p99: ours.p99 });
        throw new Error(`@pathcheck/dcc-sdk could not be bundled: ${e instanceof Error ? e.message : String(e)}`);
      }
      const registry: Record<string, string> = {};
      for (const c of certs) {
        const parsed = parseSigningCert(new Uint8Array(Buffer.from(c, 'base64')));
        if (parsed) registry[Buffer.from(parsed.kid).toString('base64')] = c;
      }
      peer.addCachedCerts(registry);
      const { theirs, verified } = await timePeer(h, peer, cases.map((c) => c.text));
      const ratio = theirs.median / ours.median;
      h.report({
        label: `EU DCC verify (${cases.length} vectors)`, unit: 'ms', median: ours.median, p95: ours.p95, p99: ours.p99,
        peer: `@pathcheck/dcc-sdk (${verified} vectors)`, ratio, target: '>= 10x faster', met: ratio >= 10,
      });
      h.report({ label: '@pathcheck/dcc-sdk unpackAndVerify', unit: 'ms', median: theirs.median, p95: theirs.p95, p99: theirs.p99 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
