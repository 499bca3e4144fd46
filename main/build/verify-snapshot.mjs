// `kiosk verify`'s start-up snapshot (issue 14): one CommonJS file of the verify command
// (main/cli/snapshot/verify-snapshot.ts), a V8 start-up snapshot of it built by this Node, and the `kiosk`
// launcher that uses the snapshot for `verify` when the Node on PATH is the one that built it.
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { zodEnglishOnly } from './zod-english-only.mjs';

/** The Node binary's identity as the launcher checks it (`stat -L -c '%s %Y'`): a snapshot loads only in its builder. */
export function nodeIdentity(execPath = process.execPath) {
  const st = statSync(realpathSync(execPath));
  return `${st.size} ${Math.floor(st.mtimeMs / 1000)}`;
}

const MODULE_WARNING = /^\(node:\d+\) Warning: It's not yet fully verified whether built-in module "module" works in user snapshot builder scripts\.\n(?:.*\n){0,2}\(Use `node --trace-warnings[^\n]*\n/m;

const LAUNCHER = `#!/bin/sh
# kiosk: the command line. "kiosk verify" starts Node from the start-up snapshot beside this file when the Node
# on PATH is the one that built it (main/build/verify-snapshot.mjs); every other command, or any doubt, runs
# cli.mjs. A snapshot that does not load stops Node at start, before any input is read (14: refused; 133, 134,
# 139: V8 aborted or crashed on it): then cli.mjs runs. The verify command itself exits 0, 1 or 2.
self=$0
if [ -L "$self" ]; then self=$(readlink -f -- "$self") || self=$0; fi
case $self in */*) dir=\${self%/*} ;; *) dir=. ;; esac
# verify is offline (no TLS): Node would parse NODE_EXTRA_CA_CERTS's whole file at start for nothing (~90 ms here)
if [ "\${1-}" = verify ]; then unset NODE_EXTRA_CA_CERTS; fi
if [ "\${1-}" = verify ] && [ -r "$dir/verify.blob" ] && read -r built < "$dir/verify.blob.node" 2>/dev/null &&
   node=$(command -v node) && [ "$(stat -L -c '%s %Y' -- "$node" 2>/dev/null)" = "$built" ]; then
  node --snapshot-blob "$dir/verify.blob" "$@"
  rc=$?
  case $rc in
    14|133|134|139) echo "kiosk: the verify start-up snapshot did not load; running without it" >&2 ;;
    *) exit $rc ;;
  esac
fi
exec node "$dir/cli.mjs" "$@"
`;

export async function buildVerifySnapshot(outDir = 'dist/main') {
  const bundle = join(outDir, 'verify-snapshot.cjs');
  const blob = join(outDir, 'verify.blob');
  rmSync(join(outDir, 'verify.blob.node'), { force: true });
  await build({
    entryPoints: ['main/cli/snapshot/verify-snapshot.ts'],
    outfile: bundle,
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', legalComments: 'none',
    // the snapshot's heap is read at every start: less code is a faster start (~10 ms per MB here)
    minify: true,
    plugins: [zodEnglishOnly],
    // a snapshot holds no native module; cbor-x's optional native extractor is tried and skipped
    external: ['cbor-extract'],
    // nothing in the snapshot may know where it was built: paths come from the blob's location at run time
    define: { 'import.meta.url': 'undefined' },
  });
  // a snapshot has no module loader for import(): an external one left in the bundle fails at run time, so not here
  const dynamic = readFileSync(bundle, 'utf8').match(/\bimport\((?!\))[^)]{0,80}\)/g);
  if (dynamic) throw new Error(`${bundle}: import() cannot run from a start-up snapshot: ${dynamic.join(', ')}`);
  const built = spawnSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', bundle], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  // fflate and cbor-x require('module') while they load, only to make a require() for that load; Node warns of
  // any snapshot that loads "module". That warning is known; every other line the builder writes is shown.
  process.stderr.write(built.stderr.replace(MODULE_WARNING, ''));
  if (built.status !== 0) throw new Error(`node --build-snapshot ${bundle} failed: ${built.error?.message ?? `exit ${built.status}, signal ${built.signal}`}`);
  writeFileSync(join(outDir, 'verify.blob.node'), `${nodeIdentity()}\n`);
  writeFileSync(join(outDir, 'kiosk'), LAUNCHER);
  chmodSync(join(outDir, 'kiosk'), 0o755);
}
