// Loads the trust stores and the rule profile the core verifies against. A broken trust file is a start-up
// error naming the file and the entry, never a silently empty store.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resourcesDir } from '../paths.ts';
import { DEFAULT_RULE_PROFILE, loadRuleProfile, loadTrustStoreText, mergeTrustStores, type RuleProfile, type TrustStore } from '../verify/index.ts';

const MAX_TRUST_BYTES = 8 * 1024 * 1024;

export interface LoadedTrust {
  store: TrustStore;
  demo: boolean;
  warnings: string[];
}

export class TrustFileError extends Error {}

export function readTrustFile(path: string): TrustStore {
  let text: string;
  try {
    if (statSync(path).size > MAX_TRUST_BYTES) throw new TrustFileError(`${path}: trust store larger than ${MAX_TRUST_BYTES} bytes`);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof TrustFileError) throw e;
    throw new TrustFileError(`${path}: cannot read the trust store (${(e as Error).message})`);
  }
  return checkTrustText(path, text);
}

/** The check every trust store passes, from a file or from the fleet: size, then the trust store loader. */
export function checkTrustText(name: string, text: string): TrustStore {
  if (Buffer.byteLength(text) > MAX_TRUST_BYTES) throw new TrustFileError(`${name}: trust store larger than ${MAX_TRUST_BYTES} bytes`);
  const r = loadTrustStoreText(text);
  if (!r.ok) throw new TrustFileError(`${name}: ${r.error}`);
  return r.store;
}

/**
 * Trust stores and rule files the fleet's signed configuration delivered (main/fleet/managed-files.ts writes them
 * only after the signature and these same checks passed): DATA/fleet-managed/{trust,rules}/*.json.
 */
export const managedDir = (dataDir: string): string => join(dataDir, 'fleet-managed');

/** the fleet's trust store files, or null when the fleet manages none (the configured ones apply) */
export function managedTrustFiles(dataDir: string | undefined): string[] | null {
  const dir = dataDir ? join(managedDir(dataDir), 'trust') : null;
  if (!dir || !existsSync(dir)) return null;
  const files = readdirSync(dir).filter((n) => n.endsWith('.json')).sort().map((n) => join(dir, n));
  return files.length ? files : null;
}

export const demoTrustPath = (): string => join(resourcesDir(), 'trust', 'demo.json');

/** The given trust files, or the embedded demo store when none is configured (the out-of-the-box demo). */
export function loadTrust(files: string[]): LoadedTrust {
  const stores = (files.length ? files : [demoTrustPath()]).map(readTrustFile);
  const store = mergeTrustStores(...stores);
  const demo = stores.some((s) => s.demo);
  return { store, demo, warnings: demo ? ['DEMO issuer keys are trusted: verdicts are for demonstration only.'] : [] };
}

export interface LoadedRules {
  id: string;
  label: string;
  pinned: boolean;
  profile: RuleProfile;
  /** set when the configured profile or an operator's rule file could not be used */
  warning?: string;
}

const MAX_RULE_FILE_BYTES = 1024 * 1024;

function ruleFilesIn(dir: string, warnings: string[]): unknown[] {
  if (!existsSync(dir)) return [];
  const out: unknown[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    try {
      if (statSync(join(dir, f)).size > MAX_RULE_FILE_BYTES) throw new Error('too large');
      out.push(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    } catch (e) {
      warnings.push(`rule file ${f} ignored: ${(e as Error).message}`);
    }
  }
  return out;
}

/**
 * The check the fleet's rule files pass before they are written: the same rule loader, for the profile that
 * will be in force, on their own (the operator's files may be broken: that is a warning of their own).
 */
export function checkRuleFiles(profileId: string, files: unknown[]): string | null {
  for (const f of files) if (Buffer.byteLength(JSON.stringify(f)) > MAX_RULE_FILE_BYTES) return 'a rule file is too large';
  const r = loadRuleProfile(profileId, files);
  return r.ok ? null : r.error;
}

export function loadRules(profileId: string, dataDir?: string): LoadedRules {
  const warnings: string[] = [];
  // rule files an operator dropped into DATA/rules/ (a new stage is a file, not a release), then the fleet's
  // (DATA/fleet-managed/rules/: a stage with the same id replaces the operator's)
  const local = dataDir ? ruleFilesIn(join(dataDir, 'rules'), warnings) : [];
  const fleet = dataDir ? ruleFilesIn(join(managedDir(dataDir), 'rules'), warnings) : [];
  let r = loadRuleProfile(profileId, [...local, ...fleet]);
  if (!r.ok && local.length) {
    warnings.push(`operator rule files ignored: ${r.error}`);
    r = loadRuleProfile(profileId, fleet);
  }
  if (!r.ok && fleet.length) {
    warnings.push(`fleet rule files ignored: ${r.error}`);
    r = loadRuleProfile(profileId);
  }
  if (!r.ok) {
    warnings.push(`rule profile "${profileId}" unusable (${r.error}); using ${DEFAULT_RULE_PROFILE}`);
    r = loadRuleProfile(DEFAULT_RULE_PROFILE);
  }
  if (!r.ok) throw new Error(`built-in rules broken: ${r.error}`);
  const p = r.profile;
  return {
    id: p.id,
    label: `${p.label.zh} · ${p.label.en}`,
    pinned: p.pinned !== null,
    profile: p,
    ...(warnings.length ? { warning: warnings.join('; ') } : {}),
  };
}
