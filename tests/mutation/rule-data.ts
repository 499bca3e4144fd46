// npm run mutate:rules [-- --kinds outcome,delete,number] [--file hk-2022-11-30] [--tests FILE...]
// Mutation testing of the rule DATA (resources/rules/hk-*.json), which Stryker cannot mutate: one mutant at a
// time, each clause's outcome flipped (admitting <-> refusing), each clause deleted, each number in a clause's
// CertLogic moved by one either way. Mutants are written into a private copy of the project (.rule-data-tmp/,
// never the worktree's own files, so other test runs meanwhile see the shipped rules), the rule tests run there
// in a fresh Vitest process per mutant (a failing test = killed).
// Report: test-output/mutation/rule-data-<kinds>[-<file>].json and a text summary on stdout.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const kinds = new Set((opt('kinds') ?? 'outcome,delete,number').split(','));
const onlyFile = opt('file');
const testsAt = argv.indexOf('--tests');
const tests = testsAt >= 0 ? argv.slice(testsAt + 1) : ['tests/verify/rule-outcomes.test.ts', 'tests/verify/rules.test.ts'];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Clause { name: string; outcome: string; when: Json; validUntil?: Json; [k: string]: Json | undefined }
interface RuleFile { id: string; vac: Clause[]; mec: Clause[]; [k: string]: unknown }
interface Mutant { file: string; list: 'vac' | 'mec'; clause: string; kind: 'outcome' | 'delete' | 'number'; what: string; apply(f: RuleFile): void }

const FLIP: Record<string, string> = { valid: 'invalid', exempt: 'invalid', invalid: 'valid', 'not-applicable': 'valid' };

/** Paths (as key lists) of every number inside a CertLogic expression. */
function numberPaths(x: Json, path: (string | number)[] = []): (string | number)[][] {
  if (typeof x === 'number') return [path];
  if (Array.isArray(x)) return x.flatMap((v, i) => numberPaths(v, [...path, i]));
  if (x && typeof x === 'object') return Object.entries(x).flatMap(([k, v]) => numberPaths(v, [...path, k]));
  return [];
}
function setAt(obj: Json, path: (string | number)[], f: (n: number) => number): void {
  let o = obj as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  o[last] = f(o[last] as number);
}

function mutantsOf(file: string, doc: RuleFile): Mutant[] {
  const out: Mutant[] = [];
  for (const list of ['vac', 'mec'] as const) {
    doc[list].forEach((c, i) => {
      if (kinds.has('outcome') && FLIP[c.outcome]) {
        out.push({ file, list, clause: c.name, kind: 'outcome', what: `${c.outcome} -> ${FLIP[c.outcome]}`, apply: (f) => { f[list][i]!.outcome = FLIP[c.outcome]!; } });
      }
      if (kinds.has('delete') && doc[list].length > 1) {
        out.push({ file, list, clause: c.name, kind: 'delete', what: 'clause deleted', apply: (f) => { f[list].splice(i, 1); } });
      }
      if (kinds.has('number')) {
        for (const field of ['when', 'validUntil'] as const) {
          if (c[field] === undefined) continue;
          for (const p of numberPaths(c[field]!)) {
            for (const d of [1, -1]) {
              out.push({
                file, list, clause: c.name, kind: 'number', what: `${field}.${p.join('.')} ${d > 0 ? '+1' : '-1'}`,
                apply: (f) => setAt(f[list][i]![field]!, p, (n) => n + d),
              });
            }
          }
        }
      }
    });
  }
  return out;
}

// the private copy: what the rule tests import, node_modules linked, ../shared resolving as from the worktree
const work = join(root, '.rule-data-tmp');
const box = join(work, `sandbox-${process.pid}`);
mkdirSync(work, { recursive: true });
rmSync(join(work, 'shared'), { force: true });
symlinkSync(resolve(root, '../shared'), join(work, 'shared'));
for (const p of ['main', 'tests', 'resources', 'hardware', 'package.json', 'vitest.config.ts', 'tsconfig.json']) {
  cpSync(join(root, p), join(box, p), { recursive: true });
}
symlinkSync(join(root, 'node_modules'), join(box, 'node_modules'));
const cleanup = () => rmSync(box, { recursive: true, force: true });
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => { cleanup(); process.exit(130); });

const dir = join(box, 'resources/rules');
const files = readdirSync(dir).filter((f) => /^hk-.*\.json$/.test(f) && (!onlyFile || f.startsWith(onlyFile))).sort();
const originals = new Map(files.map((f) => [f, readFileSync(join(dir, f))]));

// the tests must pass on the shipped data first, or every mutant would look killed
const base = spawnSync('npx', ['vitest', 'run', ...tests], { cwd: box, encoding: 'utf8' });
if (base.status !== 0) {
  process.stderr.write(`the rule tests fail on the shipped rule files; fix that first\n${base.stdout.slice(-3000)}\n`);
  cleanup();
  process.exit(1);
}

const results: (Omit<Mutant, 'apply'> & { status: 'killed' | 'survived' })[] = [];
try {
  const all = files.flatMap((f) => mutantsOf(f, JSON.parse(originals.get(f)!.toString('utf8')) as RuleFile));
  process.stdout.write(`rule-data mutants: ${all.length} (${[...kinds].join(', ')}) over ${files.length} files, tests: ${tests.join(' ')}\n`);
  for (const [n, m] of all.entries()) {
    const doc = JSON.parse(originals.get(m.file)!.toString('utf8')) as RuleFile;
    m.apply(doc);
    writeFileSync(join(dir, m.file), JSON.stringify(doc, null, 2) + '\n');
    const r = spawnSync('npx', ['vitest', 'run', '--bail=1', ...tests], { cwd: box, encoding: 'utf8' });
    writeFileSync(join(dir, m.file), originals.get(m.file)!);
    const status = r.status === 0 ? 'survived' : 'killed';
    const { apply: _a, ...rest } = m;
    results.push({ ...rest, status });
    process.stdout.write(`${String(n + 1).padStart(4)}/${all.length} ${status.padEnd(8)} ${m.file} ${m.list} "${m.clause}" ${m.kind}: ${m.what}\n`);
  }
} finally {
  cleanup();
}

const out = join(root, 'test-output/mutation');
mkdirSync(out, { recursive: true });
const reportName = `rule-data-${[...kinds].join('+')}${onlyFile ? `-${onlyFile}` : ''}.json`;
writeFileSync(join(out, reportName), JSON.stringify(results, null, 2));
process.stdout.write('\nkilled/total by kind\n');
for (const k of ['outcome', 'delete', 'number']) {
  const of = results.filter((r) => r.kind === k);
  if (of.length) process.stdout.write(`  ${k.padEnd(8)} ${of.filter((r) => r.status === 'killed').length}/${of.length}\n`);
}
const survivors = results.filter((r) => r.status === 'survived');
if (survivors.length) {
  process.stdout.write('survivors:\n');
  for (const s of survivors) process.stdout.write(`  ${s.file} ${s.list} "${s.clause}" ${s.kind}: ${s.what}\n`);
}
process.stdout.write(`report: test-output/mutation/${reportName}\n`);
