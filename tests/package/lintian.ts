// lintian on a .deb, its verdict kept by the package's SHA-256 and lintian's version: the build is reproducible
// (the package test checks that), so an unchanged tree gives the same bytes, and lintian's answer on the same
// bytes is the same answer. It takes a minute or more of CPU on this package; a changed package runs it again.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packageTestCache } from './debian-root.ts';

const run = promisify(execFile);

export interface LintianResult { code: number; out: string; cached: boolean }

export async function lintian(deb: string): Promise<LintianResult> {
  const version = (await run('lintian', ['--version'])).stdout.trim();
  const sha = createHash('sha256').update(readFileSync(deb)).digest('hex');
  const file = join(packageTestCache(), `lintian-${createHash('sha256').update(`${sha} ${version}`).digest('hex').slice(0, 24)}.json`);
  if (existsSync(file)) {
    try {
      const kept = JSON.parse(readFileSync(file, 'utf8')) as { sha: string; version: string; code: number; out: string };
      if (kept.sha === sha && kept.version === version) return { code: kept.code, out: kept.out, cached: true };
    } catch { /* a damaged cache entry: run lintian again */ }
  }
  const r = await run('lintian', ['--tag-display-limit', '0', deb], { maxBuffer: 16 * 1024 * 1024 })
    .then((x) => ({ code: 0, out: x.stdout + x.stderr }), (e) => ({ code: typeof e.code === 'number' ? e.code : 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }));
  // only a finished run is kept (exit 0, or 2: tags at or above --fail-on); 1 is lintian failing, not a verdict
  if (r.code === 0 || r.code === 2) {
    writeFileSync(`${file}.${process.pid}`, JSON.stringify({ sha, version, ...r }));
    renameSync(`${file}.${process.pid}`, file);
  }
  return { ...r, cached: false };
}
