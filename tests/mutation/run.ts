// npm run mutate -- FILE... [--tests GLOB]... [--timeout MS]: Stryker mutation testing of the named source files.
// Stryker 10's CLI refuses Node 20, so this drives its API. Vitest runner, per-test coverage, related tests only
// (or the --tests globs), one worker (the build machine is shared). Reports: test-output/mutation/<name>.html|json.
// Score = (killed + timeout) / (all mutants except compile errors and ignored); no-coverage counts as survived.
import { mkdirSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MutantResult, PartialStrykerOptions } from '@stryker-mutator/api/core';

const argv = process.argv.slice(2);
const files: string[] = [];
const tests: string[] = [];
let timeoutMS = 10_000;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--tests') tests.push(argv[++i]!);
  else if (argv[i] === '--timeout') timeoutMS = Number(argv[++i]);
  else files.push(argv[i]!);
}
if (files.length === 0) {
  process.stderr.write('usage: npm run mutate -- main/kiosk/dedupe.ts [more files] [--tests tests/kiosk/*.test.ts]\n');
  process.exit(2);
}
for (const f of files) if (!existsSync(f.replace(/:[\d:-]+$/, ''))) { process.stderr.write(`no such file: ${f}\n`); process.exit(2); }

const root = resolve(import.meta.dirname, '../..');
// the package's entry point loads its CLI, whose first line refuses Node < 22; the Stryker class itself runs on 20
const { Stryker } = await import(pathToFileURL(resolve(root, 'node_modules/@stryker-mutator/core/dist/src/stryker.js')).href) as typeof import('@stryker-mutator/core');
process.chdir(root);
// The sandbox is .stryker-tmp/sandbox-xxxx; tests read ../shared relative to the project, so give the temp dir
// a `shared` next to the sandboxes that points where ../shared points from the worktree.
const tmp = resolve(root, '.stryker-tmp');
mkdirSync(tmp, { recursive: true });
const link = resolve(tmp, 'shared');
rmSync(link, { force: true });
symlinkSync(resolve(root, '../shared'), link);

const name = files.length === 1 ? basename(files[0]!).replace(/\.ts.*$/, '') : `run-${files.map((f) => basename(f).replace(/\.ts.*$/, '')).join('+')}`;
const out = resolve(root, 'test-output/mutation');
mkdirSync(out, { recursive: true });

const options: PartialStrykerOptions = {
  mutate: files,
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { related: tests.length === 0, pool: 'forks' },
  ...(tests.length > 0 ? { testFiles: tests } : {}),
  // TypeScript 7 has no JS API for Stryker's tsconfig rewriting, which the sandbox does not need (no extends/references)
  tsconfigFile: 'tsconfig.stryker-none.json',
  coverageAnalysis: 'perTest',
  concurrency: 1,
  timeoutMS,
  dryRunTimeoutMinutes: 20,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  ignorePatterns: ['dist', 'test-output', 'release', '.stryker-tmp', '.rule-data-tmp'],
  reporters: ['html', 'json', 'clear-text', 'progress-append-only'],
  htmlReporter: { fileName: `test-output/mutation/${name}.html` },
  jsonReporter: { fileName: `test-output/mutation/${name}.json` },
  thresholds: { high: 90, low: 80, break: null },
  logLevel: 'info' as PartialStrykerOptions['logLevel'],
  fileLogLevel: 'off' as PartialStrykerOptions['fileLogLevel'],
  allowConsoleColors: false,
};

const results: MutantResult[] = await new Stryker(options).runMutationTest();
const byFile = new Map<string, { killed: number; total: number; survivors: MutantResult[] }>();
for (const r of results) {
  if (r.status === 'CompileError' || r.status === 'Ignored' || r.status === 'RuntimeError') continue;
  const e = byFile.get(r.fileName) ?? { killed: 0, total: 0, survivors: [] };
  e.total++;
  if (r.status === 'Killed' || r.status === 'Timeout') e.killed++;
  else e.survivors.push(r);
  byFile.set(r.fileName, e);
}
process.stdout.write('\nmutation score (killed+timeout / total; no-coverage = survived)\n');
for (const [file, e] of byFile) {
  process.stdout.write(`${(100 * e.killed / e.total).toFixed(1).padStart(6)}%  ${e.killed}/${e.total}  ${file.replace(root + '/', '')}\n`);
  for (const s of e.survivors) {
    const at = `${s.location.start.line}:${s.location.start.column}`;
    process.stdout.write(`        ${s.status.padEnd(10)} ${at.padEnd(8)} ${s.mutatorName}: ${(s.replacement ?? '').replace(/\s+/g, ' ').slice(0, 90)}\n`);
  }
}
process.stdout.write(`reports: test-output/mutation/${name}.html, .json\n`);
