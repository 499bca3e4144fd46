// `kiosk verify` from a V8 start-up snapshot (issue 14). `node --build-snapshot` runs this file once, at build
// time: the verifier's modules and zod's schemas are evaluated, and the built-in rule sets, demo trust store and
// defaults are checked once so that the code that checks them is compiled. The launcher (dist/main/kiosk) starts
// Node from that snapshot for `verify` only, and only with the Node binary that built it.
import './zod-jitless.ts';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { startupSnapshot } from 'node:v8';
import { demoTrustPath } from '../../kiosk/trust-and-rules.ts';
import { useProjectRoot } from '../../paths.ts';
import { loadDefaults } from '../../settings/config.ts';
import { precompileSchemas } from '../../verify/eudcc/schema.ts';
import { loadRuleProfile, loadTrustStoreText } from '../../verify/index.ts';
import { run } from '../verify.ts';
// verify loads these on demand (import()); evaluated here, their modules (cbor-x, fflate, asn1js, ...) are in the
// snapshot instead of being evaluated at each EU DCC or SMART Health Card run
import './fflate-loaded.ts';
import '../../verify/eudcc/index.ts';
import '../../verify/shc/index.ts';

/**
 * The blob sits in dist/main of the installation it belongs to, both when it is built and when it runs:
 * `node --snapshot-blob ROOT/dist/main/verify.blob`. (The bundle has no import.meta.url to find it by.)
 */
function useRootOfBlob(): void {
  const argv = process.execArgv;
  const i = argv.indexOf('--snapshot-blob');
  const blob = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--snapshot-blob='))?.slice('--snapshot-blob='.length);
  if (blob) useProjectRoot(resolve(dirname(blob), '..', '..'));
}

useRootOfBlob();
// the same checks every run makes, on the files shipped with the build: their code is compiled in the snapshot,
// and their results are kept only against what they checked (the frozen built-in rule files, the exact text of
// the trust store and the defaults); a run whose files say anything else checks them itself
loadRuleProfile();
loadTrustStoreText(readFileSync(demoTrustPath(), 'utf8'));
loadDefaults();
// the EU DCC JSON schemas compiled by ajv (~0.3 s of an EU DCC pass without the snapshot)
precompileSchemas();

startupSnapshot.setDeserializeMainFunction(() => {
  useRootOfBlob();
  // argv: [node, 'verify', ...the command's arguments]
  const io = { stdout: process.stdout, stderr: process.stderr, get stdin() { return process.stdin; } };
  run(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => {
      process.stderr.write(`kiosk: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
});
