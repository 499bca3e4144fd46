// Boot-protocol keyboard reports from a scanner in keyboard mode, read through hidraw:
//   [0] modifier bits (0x01 LCtrl 0x02 LShift 0x04 LAlt 0x08 LGUI 0x10 RCtrl 0x20 RShift 0x40 RAlt 0x80 RGUI)
//   [1] reserved, [2..7] up to six key usages currently down (HID usage page 0x07), 0x01 = rollover error.
// A character is typed when its usage appears in a report and was not in the previous one. US layout, as
// scanners emit by default. Enter, keypad Enter, Tab, Ctrl+J and Ctrl+M end a scan.
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '1234567890';
const SHIFTED_DIGITS = '!@#$%^&*()';
// usages 0x2C..0x38
const PUNCT = ' -=[]\\#;\'`,./';
const SHIFTED_PUNCT = ' _+{}|~:"~<>?';

const ENTER = 0x28;
const TAB = 0x2b;
const KP_ENTER = 0x58;
const J = 0x04 + 9;
const M = 0x04 + 12;

const CTRL = 0x01 | 0x10;
const SHIFT = 0x02 | 0x20;
const ALT_GUI = 0x04 | 0x08 | 0x40 | 0x80;

function charFor(usage: number, shift: boolean): string | undefined {
  if (usage >= 0x04 && usage <= 0x1d) {
    const c = LOWER[usage - 0x04]!;
    return shift ? c.toUpperCase() : c;
  }
  if (usage >= 0x1e && usage <= 0x27) return (shift ? SHIFTED_DIGITS : DIGITS)[usage - 0x1e];
  if (usage >= 0x2c && usage <= 0x38) return (shift ? SHIFTED_PUNCT : PUNCT)[usage - 0x2c];
  // keypad: scanners in "numeric keypad" mode send digits this way
  if (usage >= 0x59 && usage <= 0x61) return String(usage - 0x58);
  if (usage === 0x62) return '0';
  if (usage === 0x63) return '.';
  if (usage === 0x54) return '/';
  if (usage === 0x55) return '*';
  if (usage === 0x56) return '-';
  if (usage === 0x57) return '+';
  return undefined;
}

export type KeyboardResult = { kind: 'scan'; text: string } | { kind: 'none' } | { kind: 'dropped'; reason: 'too-long' };

export class HidKeyboardDecoder {
  private prev = new Set<number>();
  private chars: string[] = [];
  private overflow = false;

  constructor(private readonly maxLength = 8192) {}

  /** Feeds one report (8 bytes, or 9 when the device prefixes a report id). */
  push(report: Uint8Array): KeyboardResult {
    const r = report.length === 9 ? report.subarray(1) : report;
    if (r.length < 3) return { kind: 'none' };
    const mod = r[0]!;
    const keys = Array.from(r.subarray(2, 8)).filter((k) => k !== 0);
    if (keys.some((k) => k >= 0x01 && k <= 0x03)) return { kind: 'none' }; // rollover/error: state unknown, keep prev
    const pressed = keys.filter((k) => !this.prev.has(k));
    this.prev = new Set(keys);
    let result: KeyboardResult = { kind: 'none' };
    for (const k of pressed) {
      const ctrl = (mod & CTRL) !== 0;
      if (k === ENTER || k === KP_ENTER || k === TAB || (ctrl && (k === J || k === M))) {
        const r2 = this.end();
        if (r2.kind !== 'none') result = r2;
        continue;
      }
      if (ctrl || (mod & ALT_GUI) !== 0) continue; // shortcuts are not text
      const c = charFor(k, (mod & SHIFT) !== 0);
      if (c === undefined) continue;
      if (this.chars.length >= this.maxLength) this.overflow = true;
      else this.chars.push(c);
    }
    return result;
  }

  /** Ends the scan (terminator, or the pause after the last key when the scanner sends no terminator). */
  end(): KeyboardResult {
    const text = this.chars.join('');
    const overflow = this.overflow;
    this.chars = [];
    this.overflow = false;
    if (overflow) return { kind: 'dropped', reason: 'too-long' };
    return text ? { kind: 'scan', text } : { kind: 'none' };
  }

  pending(): boolean {
    return this.chars.length > 0 || this.overflow;
  }

  /** Drops typed characters without a scan (device unplugged mid-scan). */
  reset(): void {
    this.chars = [];
    this.overflow = false;
    this.prev.clear();
  }
}

/** The reports a keyboard-mode scanner sends for `text` followed by `terminator` (tests, benchmark). */
export function encodeKeyboardReports(text: string, terminator: 'enter' | 'tab' | 'ctrl-j' | 'none' = 'enter'): Buffer[] {
  const out: Buffer[] = [];
  const release = (): Buffer => Buffer.alloc(8);
  const press = (mod: number, usage: number): Buffer => {
    const b = Buffer.alloc(8);
    b[0] = mod;
    b[2] = usage;
    return b;
  };
  for (const ch of text) {
    const found = usageFor(ch);
    if (!found) throw new Error(`no US key for ${JSON.stringify(ch)}`);
    out.push(press(found.shift ? 0x02 : 0, found.usage), release());
  }
  if (terminator === 'enter') out.push(press(0, ENTER), release());
  if (terminator === 'tab') out.push(press(0, TAB), release());
  if (terminator === 'ctrl-j') out.push(press(0x01, J), release());
  return out;
}

function usageFor(ch: string): { usage: number; shift: boolean } | undefined {
  let i = LOWER.indexOf(ch);
  if (i >= 0) return { usage: 0x04 + i, shift: false };
  i = LOWER.toUpperCase().indexOf(ch);
  if (i >= 0) return { usage: 0x04 + i, shift: true };
  i = DIGITS.indexOf(ch);
  if (i >= 0) return { usage: 0x1e + i, shift: false };
  i = SHIFTED_DIGITS.indexOf(ch);
  if (i >= 0) return { usage: 0x1e + i, shift: true };
  i = PUNCT.indexOf(ch);
  if (i >= 0 && ch !== '#') return { usage: 0x2c + i, shift: false };
  i = SHIFTED_PUNCT.indexOf(ch);
  if (i >= 0 && ch !== '~') return { usage: 0x2c + i, shift: true };
  if (ch === '~') return { usage: 0x35, shift: true };
  if (ch === '#') return { usage: 0x20, shift: true };
  return undefined;
}
