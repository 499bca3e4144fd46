// Enforces where code may run (architecture.md): fails the build when an import crosses a boundary.
//   main/verify/  no Node built-ins, no Electron (pure: runs anywhere)
//   electron      imported only under main/shell/electron/
//   renderer/     nothing from main/ except `import type` from main/api/; no Node built-ins
//   hardware/     nothing from renderer/
// Usage: node main/build/check-boundaries.mjs [--root DIR]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

const argv = process.argv.slice(2);
const root = resolve(argv[argv.indexOf('--root') + 1] && argv.includes('--root') ? argv[argv.indexOf('--root') + 1] : '.');
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const EXT = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/;

function walk(dir, out = []) {
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const e of entries) {
    if (e === 'node_modules' || e === 'dist' || e.startsWith('.')) continue;
    const p = join(dir, e);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (EXT.test(e)) out.push(p);
  }
  return out;
}

function stripComments(src) {
  return src.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|\s)\/\/.*$/gm, '$1');
}

/** Every module specifier a file imports, and whether the import is type-only. */
export function importsOf(src) {
  const code = stripComments(src);
  const found = [];
  const fromRe = /(?:^|[;\n}])\s*(import|export)\s+(type\s+)?([\s\S]*?)\s+from\s*['"]([^'"\n]+)['"]/g;
  for (const m of code.matchAll(fromRe)) {
    const clause = m[3].trim();
    let typeOnly = Boolean(m[2]);
    const named = /^\{([\s\S]*)\}$/.exec(clause);
    if (!typeOnly && named) {
      const parts = named[1].split(',').map((s) => s.trim()).filter(Boolean);
      typeOnly = parts.length > 0 && parts.every((p) => p.startsWith('type '));
    }
    found.push({ spec: m[4], typeOnly });
  }
  for (const m of code.matchAll(/(?:^|[;\n])\s*import\s*['"]([^'"\n]+)['"]/g)) found.push({ spec: m[1], typeOnly: false });
  for (const m of code.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g)) found.push({ spec: m[1], typeOnly: false });
  return found;
}

const under = (file, dir) => file.startsWith(join(root, dir) + sep);

const violations = [];
for (const file of walk(root).filter((f) => !f.includes(`${sep}tests${sep}`) || root !== resolve('.'))) {
  const rel = relative(root, file);
  const src = readFileSync(file, 'utf8');
  for (const { spec, typeOnly } of importsOf(src)) {
    const target = spec.startsWith('.') ? resolve(dirname(file), spec) : null;
    const bad = (why) => violations.push(`${rel}: imports "${spec}": ${why}`);
    if (under(file, 'main/verify')) {
      if (BUILTINS.has(spec) && !typeOnly) bad('main/verify/ must not use Node built-ins (it is pure)');
      if (spec === 'electron' || spec.startsWith('electron/')) bad('main/verify/ must not use Electron');
    }
    if ((spec === 'electron' || spec.startsWith('electron/')) && !typeOnly && !under(file, 'main/shell/electron')) {
      bad('only main/shell/electron/ may import electron');
    }
    if (under(file, 'renderer')) {
      if (BUILTINS.has(spec)) bad('renderer/ runs in the browser: no Node built-ins');
      if (target && target.startsWith(join(root, 'main') + sep)) {
        if (!target.startsWith(join(root, 'main', 'api') + sep)) bad('renderer/ may import only from main/api/');
        else if (!typeOnly) bad('renderer/ may import only types (import type) from main/api/');
      }
      if (target && target.startsWith(join(root, 'hardware') + sep)) bad('renderer/ must not import hardware/');
    }
    if (under(file, 'hardware') && target && target.startsWith(join(root, 'renderer') + sep)) {
      bad('hardware/ must not import renderer/');
    }
  }
}

if (violations.length) {
  process.stderr.write(`Import boundary violations (${violations.length}):\n${violations.map((v) => `  ${v}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`Import boundaries hold (${root === resolve('.') ? 'project' : relative(process.cwd(), root)}).\n`);
