// Keyboard-wedge scanners in the renderer: a capture-phase keydown listener on the window sees every key before
// the page does, holds printable keys back while WedgeCore decides (scanner burst or person), swallows scanner
// bursts whole (with their terminator), and gives a person's keys back to the text field they were typed in.
import { WEDGE_DEFAULTS, WedgeCore } from './wedge-core.ts';

export interface WedgeInstallOptions {
  onScan: (text: string) => void;
  /** shortest burst taken as a scan (default 8) */
  minChars?: number;
  /** longest gap between two keys at scanner speed, ms (default 50) */
  maxGapMs?: number;
  /** a pause this long ends a run of keys, ms (default 150) */
  holdMs?: number;
  /** a pause this long ends a scan sent without Enter/Tab, ms (default 400) */
  burstHoldMs?: number;
  /** where to listen (default window; tests may pass an iframe's window) */
  target?: Window;
}

function isEditable(el: Element | null): el is HTMLElement {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement) return !el.readOnly && !el.disabled;
  if (el instanceof HTMLInputElement) {
    const textual = ['text', 'search', 'password', 'email', 'tel', 'url', 'number', ''].includes(el.type);
    return textual && !el.readOnly && !el.disabled;
  }
  return el instanceof HTMLElement && el.isContentEditable;
}

/** Types text into the focused field as the browser would, so that React and undo see ordinary input. */
function typeInto(el: HTMLElement, text: string): void {
  el.focus();
  // execCommand is the one API that inserts like real typing (input events, caret, undo) in Chromium
  const ok = el.ownerDocument.execCommand('insertText', false, text);
  if (ok) return;
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? el.value.length;
    el.setRangeText(text, start, end, 'end');
    el.dispatchEvent(new InputEvent('input', { bubbles: true, data: text, inputType: 'insertText' }));
  }
}

export function installWedge(opts: WedgeInstallOptions): () => void {
  const win = opts.target ?? window;
  /** key codes whose keydown was swallowed: their keypress/keyup are swallowed too */
  const swallowed = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const core = new WedgeCore(
    {
      minChars: opts.minChars ?? WEDGE_DEFAULTS.minChars,
      maxGapMs: opts.maxGapMs ?? WEDGE_DEFAULTS.maxGapMs,
      holdMs: opts.holdMs ?? WEDGE_DEFAULTS.holdMs,
      burstHoldMs: opts.burstHoldMs ?? WEDGE_DEFAULTS.burstHoldMs,
      maxLength: WEDGE_DEFAULTS.maxLength,
    },
    {
      scan: (text) => {
        try {
          opts.onScan(text);
        } catch {
          /* the app's handler reports its own errors */
        }
      },
      giveBack: (text) => {
        // held keys go back to the field that has focus: the run ends before Tab or Enter can move it
        const el = win.document.activeElement;
        if (isEditable(el)) typeInto(el, text);
      },
    },
  );

  const arm = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!core.holding()) return;
    const hold = core.pauseMs();
    timer = setTimeout(() => {
      timer = undefined;
      core.idle(performance.now());
      arm();
    }, hold + 10);
  };

  const onKeyDown = (e: KeyboardEvent): void => {
    const active = win.document.activeElement;
    const editable = isEditable(active);
    const swallow = core.key({
      key: e.key,
      ctrl: e.ctrlKey,
      alt: e.altKey,
      meta: e.metaKey,
      composing: e.isComposing || e.keyCode === 229,
      // event timestamps share performance.now()'s clock and are taken when the key arrived, not when handled
      t: e.timeStamp,
      editable,
    });
    if (swallow) {
      e.preventDefault();
      e.stopImmediatePropagation();
      swallowed.add(e.code || e.key);
    }
    arm();
  };
  const onKeyOther = (e: KeyboardEvent): void => {
    const k = e.code || e.key;
    if (!swallowed.has(k)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    if (e.type === 'keyup') swallowed.delete(k);
  };

  win.addEventListener('keydown', onKeyDown, { capture: true });
  win.addEventListener('keypress', onKeyOther, { capture: true });
  win.addEventListener('keyup', onKeyOther, { capture: true });
  return () => {
    if (timer) clearTimeout(timer);
    win.removeEventListener('keydown', onKeyDown, { capture: true });
    win.removeEventListener('keypress', onKeyOther, { capture: true });
    win.removeEventListener('keyup', onKeyOther, { capture: true });
  };
}
