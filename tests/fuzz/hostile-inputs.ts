// The hostile inputs the tests assert on and the bench times: compression bombs and 1 MB texts, each with the
// refusal the spec'd limits predict (64 KiB scan limit; 64 KiB inflated payload; stage that refuses).
import { base45Encode, b64url, deflateRaw, jwsToNumeric, zlib } from './codecs.ts';

const MB = 1024 * 1024;
/** verify()'s MAX_INPUT_LENGTH: longer texts are refused before anything else */
const SCAN_LIMIT = 65_536;

export interface Hostile {
  label: string;
  text: string;
  /** the refusal: outcome, the reason code (matched at its end: formats may prefix it, e.g. "decode:"), the stage */
  outcome: 'unreadable';
  reason: RegExp;
  stage?: string;
}

export function hostileInputs(): Hostile[] {
  // 4 MB of zeros deflate to ~4 KB: 64 times the 64 KiB inflate limit, inside the 8 KB HC1 text limit
  const hc1Bomb = 'HC1:' + base45Encode(zlib(new Uint8Array(4 * MB), 9));
  const header = b64url(new TextEncoder().encode(JSON.stringify({ alg: 'ES256', zip: 'DEF', kid: 'bomb' })));
  const shcBomb = jwsToNumeric(`${header}.${b64url(deflateRaw(new Uint8Array(MB)))}.${'A'.repeat(86)}`);
  const big = (prefix: string, fill: string) => prefix + fill.repeat(MB - prefix.length);
  return [
    { label: 'HC1 zlib bomb (4 MB of zeros)', text: hc1Bomb, outcome: 'unreadable', reason: /(^|:)inflate-too-large$/, stage: 'inflate' },
    { label: 'shc:/ raw DEFLATE bomb (1 MB of zeros)', text: shcBomb, outcome: 'unreadable', reason: /(^|:)inflate-too-large$/, stage: 'inflate' },
    { label: '1 MB HC1: text', text: big('HC1:', 'A'), outcome: 'unreadable', reason: /(^|:)too-large$/ },
    { label: '1 MB shc:/ digits', text: big('shc:/', '5'), outcome: 'unreadable', reason: /(^|:)too-large$/ },
    { label: '1 MB HKSARG record of separators', text: big('HKSARG|VAC|', '|'), outcome: 'unreadable', reason: /(^|:)too-large$/ },
    { label: '1 MB HKEN: code', text: big('HKEN:0', 'A'), outcome: 'unreadable', reason: /(^|:)too-large$/ },
    { label: '1 MB of whitespace', text: big('', ' '), outcome: 'unreadable', reason: /(^|:)too-large$/ },
    { label: '1 MB of unpaired surrogates', text: big('', '\uD800'), outcome: 'unreadable', reason: /(^|:)too-large$/ },
    // just under the 64 KiB scan limit, so that the format's own limits and the scanner-artefact trimming run
    { label: '64 KiB: whitespace run inside junk', text: 'x' + ' \t'.repeat(SCAN_LIMIT / 2 - 1) + 'x', outcome: 'unreadable', reason: /unknown/ },
    { label: '64 KiB: leading whitespace', text: ' '.repeat(SCAN_LIMIT - 1) + 'x', outcome: 'unreadable', reason: /unknown/ },
    { label: '64 KiB: HKSARG record of separators', text: 'HKSARG|VAC|' + '|'.repeat(SCAN_LIMIT - 11), outcome: 'unreadable', reason: /(^|:)too-large$/ },
    { label: '64 KiB: HC1: text', text: 'HC1:' + 'A'.repeat(SCAN_LIMIT - 4), outcome: 'unreadable', reason: /(^|:)too-large$/ },
    { label: '64 KiB: shc:/ digits', text: 'shc:/' + '5'.repeat(SCAN_LIMIT - 5), outcome: 'unreadable', reason: /(^|:)too-large$/ },
  ];
}
