// Loads the trust stores and the rule profile the core verifies against. A broken trust file is a start-up
// error naming the file and the entry, never a silently empty store.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resourcesDir } from '../paths.ts';
import { loadRuleProfile, loadTrustStoreText, mergeTrustStores, type RuleProfile, type TrustStore } from '../verify/index.ts';

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
  const r = loadTrustStoreText(text);
  if (!r.ok) throw new TrustFileError(`${path}: ${r.error}`);
  return r.store;
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
}

export function loadRules(profileId: string): LoadedRules {
  const profile = loadRuleProfile(profileId);
  return { id: profile.id, label: profile.label, pinned: profile.id !== 'by-date', profile };
}
