// SMART Health Card (shc:/) verification entry point.
import type { VerifyContext } from '../index.ts';
import type { VerifyOutput } from '../types.ts';

export async function verifySmartHealthCard(_text: string, _ctx: VerifyContext): Promise<VerifyOutput> {
  return { verdict: { outcome: 'unreadable', credential: 'shc', reasons: ['not-implemented'], stages: {}, display: {}, demo: false } };
}
