// What the kiosk core needs from the parts around it. Each is implemented in its own folder and injected,
// so that tests can run the real core against real parts, one at a time.
import type { ColourInfo, Credential, Outcome, ScanSource, Verdict } from '../api/verdict.ts';
import type { StatsRow, StatusListInfo } from '../api/state.ts';
import type { CredentialIdentity } from '../verify/types.ts';

/** Aggregated counts (main/stats). Never throws from record(): a broken database must not stop verification. */
export interface StatsStore {
  record(e: { outcome: Outcome; credential: Credential; source: ScanSource; at: number }): void;
  query(q: { granularity: 'hour' | 'day'; from?: string; to?: string }): StatsRow[];
  exportCsv(granularity: 'hour' | 'day'): string;
  /** null when healthy, else a one-line description for the operator */
  fault(): string | null;
  close(): void;
}

/** The colour / revocation answer for one credential (main/kiosk/status-service + main/verify/status). */
export interface StatusLookup {
  colour: ColourInfo;
  revoked: boolean;
  /** the answer came from a list signed by a demo (test) authority */
  demo?: boolean;
}

export interface ColourResolver {
  /** online lookup when configured, else the newest valid offline list, else unknown. Never throws. */
  resolve(identity: CredentialIdentity | undefined, now: Date): Promise<StatusLookup>;
  info(now: Date): StatusListInfo;
  sync(): Promise<StatusListInfo>;
  close(): void;
}

/** Applies a status answer to a verdict (pure; main/verify/status/apply.ts). */
export type ApplyStatus = (
  verdict: Verdict,
  lookup: StatusLookup,
  opts: { venue: 'active' | 'passive'; unknownColourPolicy: 'warn' | 'refuse' },
) => Verdict;

/** A scan as every input path hands it to the core. */
export interface Scan {
  text: string;
  source: ScanSource;
  deviceId: string;
  /** ms since epoch */
  at: number;
}
