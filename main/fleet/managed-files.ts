// The fleet's trust stores and rule files on the kiosk's disk: DATA/fleet-managed/{trust,rules}/NAME.json, where
// the core's own loaders read them (main/kiosk/trust-and-rules.ts). They are checked with those loaders before a
// byte is written, and replaced as one directory (a rename), so the core never reads half of a roll-out; the
// previous directory is kept until the new one has been loaded, so a failure puts it back.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkRuleFiles, checkTrustText, managedDir } from '../kiosk/trust-and-rules.ts';
import { writeFileAtomic } from '../settings/atomic-write.ts';
import type { ConfigBody } from './messages.ts';

export interface ManagedContent {
  trustStores?: NonNullable<ConfigBody['trustStores']>;
  ruleFiles?: NonNullable<ConfigBody['ruleFiles']>;
}

/** The reason the content cannot be used, or null: the same checks as a local trust file and rule file. */
export function checkManaged(c: ManagedContent, ruleProfile: string): string | null {
  try {
    for (const t of c.trustStores ?? []) checkTrustText(`trust store "${t.name}"`, JSON.stringify(t.store));
  } catch (e) {
    return (e as Error).message;
  }
  if (c.ruleFiles?.length) {
    const why = checkRuleFiles(ruleProfile, c.ruleFiles.map((f) => f.rules));
    if (why) return `rule files: ${why}`;
  }
  return null;
}

export interface ManagedSwap {
  /** the new files are in use: the previous ones go */
  commit(): void;
  /** the previous files back (the new ones could not be loaded) */
  rollback(): void;
}

/** Writes the content as DATA/fleet-managed/ in one rename; nothing managed removes the directory. */
export function writeManaged(dataDir: string, c: ManagedContent): ManagedSwap {
  const dir = managedDir(dataDir);
  const next = `${dir}.next`;
  const prev = `${dir}.prev`;
  rmSync(next, { recursive: true, force: true });
  rmSync(prev, { recursive: true, force: true });
  const empty = !c.trustStores?.length && !c.ruleFiles?.length;
  if (!empty) {
    mkdirSync(join(next, 'trust'), { recursive: true });
    mkdirSync(join(next, 'rules'), { recursive: true });
    for (const t of c.trustStores ?? []) writeFileAtomic(join(next, 'trust', `${t.name}.json`), JSON.stringify(t.store, null, 2) + '\n');
    for (const f of c.ruleFiles ?? []) writeFileAtomic(join(next, 'rules', `${f.name}.json`), JSON.stringify(f.rules, null, 2) + '\n');
  }
  const had = existsSync(dir);
  if (had) renameSync(dir, prev);
  if (!empty) renameSync(next, dir);
  return {
    commit: () => rmSync(prev, { recursive: true, force: true }),
    rollback() {
      rmSync(dir, { recursive: true, force: true });
      if (had) renameSync(prev, dir);
    },
  };
}
