// Faults arrive from the core as one English sentence each (they are also logged). Each known one maps to a message
// key with what to do, in the operator's language; one not known here still reads as a sentence in that language,
// with the core's words inside.
const KNOWN: [RegExp, string][] = [
  [/^DEMO issuer keys are trusted/, 'demoTrust'],
  [/^The configuration could not be saved/, 'configSave'],
  [/^The configured venue code could not be read/, 'venueCode'],
  [/^The counts database \S+ is full/, 'statsFull'],
  [/^The counts database \S+ cannot be written/, 'statsReadOnly'],
  [/^The counts database \S+ is damaged/, 'statsDamaged'],
  [/^The counts database \S+ is locked/, 'statsLocked'],
  [/^The counts database /, 'statsFailed'],
  [/^The operator PIN was lost/, 'pinLost'],
  [/^The operator PIN was missing from the configuration file/, 'pinFromLastGood'],
  [/^The configuration file was missing/, 'configMissing'],
  [/^The configuration file was damaged .*last good copy/, 'configDamagedLastGood'],
  [/^The configuration file was damaged/, 'configDamagedDefaults'],
  [/^(rule file |operator rule files ignored)/, 'ruleFiles'],
  [/^rule profile /, 'ruleProfile'],
];

/** The message key (under faults) and its options for a fault text. */
export function faultKey(fault: string): { key: string; opts?: Record<string, string> } {
  for (const [re, key] of KNOWN) if (re.test(fault)) return { key: `faults.${key}` };
  return { key: 'faults.other', opts: { detail: fault.slice(0, 200) } };
}

export const FAULT_KEYS = [...new Set(KNOWN.map(([, k]) => `faults.${k}`)), 'faults.other'];
