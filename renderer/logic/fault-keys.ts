// Faults arrive from the core as one English sentence each (they are also logged). The ones the operator is
// expected to act on map to message keys with what to do, in the operator's language; others are shown as sent.
const KNOWN: [RegExp, string][] = [
  [/^DEMO issuer keys are trusted/, 'demoTrust'],
  [/^The configuration could not be saved/, 'configSave'],
  [/^The configured venue code could not be read/, 'venueCode'],
  [/^The counts database \S+ is full/, 'statsFull'],
  [/^The counts database \S+ cannot be written/, 'statsReadOnly'],
  [/^The counts database \S+ is damaged/, 'statsDamaged'],
  [/^The counts database \S+ is locked/, 'statsLocked'],
  [/^The counts database /, 'statsFailed'],
];

/** The message key (under faults) for a fault text, or null to show the text itself. */
export function faultKey(fault: string): string | null {
  for (const [re, key] of KNOWN) if (re.test(fault)) return `faults.${key}`;
  return null;
}
