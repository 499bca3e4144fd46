// Colour lists on a USB stick: find the list files (*.json) on mounted removable media, show what each one's
// signed header says, and import one through the same checks as `kiosk status-list import` (one decision path).
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import type { Result, UsbListFile } from '../api/contract.ts';
import { importStatusListFile } from '../status/resolver.ts';
import { nodeSha256, nodeVerifier } from '../status/node-crypto.ts';
import { readTextCapped } from '../status/store.ts';
import type { StatusTrust } from '../verify/status/authorities.ts';
import { loadStatusList } from '../verify/status/format.ts';
import { statusListLimits, type StatusListLimits } from '../status/limits.ts';

/** Where desktop Debian (udisks2: /media/$USER/LABEL), plain /media/LABEL and other distributions mount sticks. */
export const DEFAULT_MEDIA_ROOTS = ['/media/*', '/media/*/*', '/run/media/*/*'];
const MAX_DIRS = 40;
const MAX_FILES = 30;

/** KIOSK_MEDIA_ROOTS (colon-separated patterns, '*' = one directory level) overrides the defaults. */
export function mediaRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  const v = env.KIOSK_MEDIA_ROOTS?.trim();
  return v ? v.split(':').filter((p) => p.startsWith('/')).slice(0, 20) : DEFAULT_MEDIA_ROOTS;
}

function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => join(dir, d.name))
      .sort()
      .slice(0, MAX_DIRS);
  } catch {
    return [];
  }
}

/** The mounted directories a pattern names (bounded: a few dozen at most). */
export function expandPattern(pattern: string): string[] {
  let dirs = ['/'];
  for (const part of pattern.split('/').filter(Boolean)) {
    dirs = part === '*' ? dirs.flatMap(subdirs).slice(0, MAX_DIRS) : dirs.map((d) => join(d, part));
  }
  return dirs.filter((d) => { try { return statSync(d).isDirectory(); } catch { return false; } });
}

/** List files directly on each mounted medium (not deeper: a stick's whole tree is not read). */
export function findListFiles(roots: string[]): string[] {
  const out = new Set<string>();
  for (const dir of new Set(roots.flatMap(expandPattern))) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.toLowerCase().endsWith('.json') && !n.startsWith('.')).sort();
    } catch {
      continue;
    }
    for (const n of names) {
      const p = join(dir, n);
      // a link on the stick could point anywhere on the kiosk: only plain files are offered
      try { if (lstatSync(p).isFile()) out.add(p); } catch { /* gone meanwhile */ }
      if (out.size >= MAX_FILES) return [...out];
    }
  }
  return [...out];
}

/** What one file's signed header says, after the full check (signature, entries digest, limits). */
export async function describeListFile(
  path: string, trust: StatusTrust, now: number, heldVersion?: number, limits: StatusListLimits = statusListLimits(undefined),
): Promise<UsbListFile> {
  const name = basename(path).slice(0, 300);
  const r = await readTextCapped(path, limits.maxListBytes);
  if (!r.ok) return { path, name, ok: false, problem: r.error === 'oversized' ? 'oversized' : 'unreadable' };
  let l;
  try {
    l = await loadStatusList(r.text, trust, nodeVerifier, { sha256: nodeSha256, maxBytes: limits.maxListBytes, maxEntries: limits.maxEntries });
  } catch {
    return { path, name, ok: false, problem: 'malformed' };
  }
  if (!l.ok) return { path, name, ok: false, problem: l.error, ...(l.detail ? { detail: l.detail.slice(0, 500) } : {}) };
  const h = l.list.header;
  const older = heldVersion !== undefined && h.version < heldVersion;
  return {
    path, name, ok: !older, authority: h.authority.slice(0, 200), demo: l.list.demo, listId: h.listId.slice(0, 200),
    version: h.version, issuedAt: h.issuedAt, expiresAt: h.expiresAt, entries: l.list.table.count,
    expired: now >= l.list.expiresAtMs, future: l.list.issuedAtMs > now,
    ...(older ? { problem: 'rollback' as const, detail: `version ${h.version} < ${heldVersion}` } : {}),
  };
}

export async function listUsbLists(
  trust: StatusTrust, now: number, heldVersion?: number, roots = mediaRoots(), limits: StatusListLimits = statusListLimits(undefined),
): Promise<Result<'listUsbLists'>> {
  const files: UsbListFile[] = [];
  for (const f of findListFiles(roots)) files.push(await describeListFile(f, trust, now, heldVersion, limits));
  return { roots, files };
}

const PROBLEMS: Record<string, NonNullable<Result<'importUsbList'>['problem']>> = {
  'list too large': 'oversized', 'list malformed': 'malformed', 'list signed by an authority': 'unknown-authority',
  'list signature invalid': 'bad-signature', 'list entries do not match': 'entries-digest-mismatch',
  'list entries invalid': 'entries-invalid', 'list expires before': 'expiry-before-issue', 'list older than': 'rollback',
  'list has the same version': 'version-not-newer', 'cannot read the file': 'unreadable',
};

/** Imports a file the listing offered (and only such a file: the screen cannot name any path on the disk). */
export async function importUsbList(
  path: string, dataDir: string, trust: StatusTrust, roots = mediaRoots(), picked: ReadonlySet<string> = new Set(),
  limits: StatusListLimits = statusListLimits(undefined),
): Promise<Result<'importUsbList'>> {
  const wanted = resolve(path);
  const offered = picked.has(path) || findListFiles(roots).includes(wanted);
  if (wanted.includes(`${sep}..${sep}`) || !offered) return { ok: false, problem: 'not-offered' };
  const r = await importStatusListFile(wanted, dataDir, trust, limits);
  if (r.ok) return { ok: true, changed: r.changed, version: r.version, entries: r.entries };
  const hit = Object.keys(PROBLEMS).find((k) => r.error.includes(k));
  return { ok: false, problem: hit ? PROBLEMS[hit]! : 'failed', detail: r.error.slice(0, 500) };
}
