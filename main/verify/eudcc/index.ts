// EU Digital COVID Certificate (HC1:) verification entry point.
import type { VerifyContext } from '../index.ts';
import type { VerifyOutput } from '../types.ts';

export async function verifyEuDcc(_text: string, _ctx: VerifyContext): Promise<VerifyOutput> {
  return { verdict: { outcome: 'unreadable', credential: 'eu-dcc', reasons: ['not-implemented'], stages: {}, display: {}, demo: false } };
}
