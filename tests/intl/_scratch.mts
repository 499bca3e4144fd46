import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { nodeSignatureVerifier } from '../../main/kiosk/node-verifier.ts';
import { verifyEuDcc } from '../../main/verify/eudcc/index.ts';
import { loadRuleProfile } from '../../main/verify/index.ts';
function files(d: string): string[] { return readdirSync(d, { withFileTypes: true }).flatMap(e => e.isDirectory() ? files(join(d, e.name)) : e.name.endsWith('.json') && d.endsWith('raw') ? [join(d, e.name)] : []); }
const vs = files('../shared/testdata/eu-dcc').map(f => JSON.parse(readFileSync(f, 'utf8')));
const certs = [...new Set(vs.map(v => v.TESTCTX.CERTIFICATE as string))];
const trust = { name: 'b', demo: false, hk: [], shc: [], status: [], eudcc: certs.map(c => ({ certificate: c, der: new Uint8Array(Buffer.from(c, 'base64')), demo: false, store: 'b' })) };
const p = loadRuleProfile(); if (!p.ok) throw 0;
const cases = vs.map(v => { let t = v.TESTCTX.VALIDATIONCLOCK.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'); if (!/(Z|[+-]\d\d:\d\d)$/.test(t)) t += 'Z'; return { text: v.PREFIX, ctx: { now: new Date(t), venue: 'active' as const, trust, rules: p.profile, crypto: nodeSignatureVerifier, euRules: null } }; });
const good = [];
for (const c of cases) if ((await verifyEuDcc(c.text, c.ctx)).verdict.stages.signature) good.push(c);
const crypto0 = { verify: async () => true };
for (const [name, cr] of [["nocrypto", crypto0]] as const) {
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now(); let n = 0;
    for (let k = 0; k < 60; k++) for (const c of good) { await verifyEuDcc(c.text, { ...c.ctx, crypto: cr as any }); n++; }
    console.log(name, ((performance.now() - t0) / n * 1000).toFixed(1), 'us/verify');
  }
}
