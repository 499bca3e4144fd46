// The kiosk's one screen switcher: connecting -> idle <-> verdict, group, operator login and operator screens.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import type { KioskApi } from '../../main/api/contract.ts';
import type { GroupState, VerdictEvent } from '../../main/api/state.ts';
import { Bi, HTML_LANG, OrderContext } from '../components/Bi.tsx';
import { useKiosk } from './useKiosk.ts';
import { useInputs } from './useInputs.ts';
import { Idle } from '../screens/Idle.tsx';
import { Verdict } from '../screens/Verdict.tsx';
import { Group } from '../screens/Group.tsx';
import { Login } from '../operator/Login.tsx';
import { Operator } from '../operator/Operator.tsx';
import { initI18n, operatorLang } from '../i18n/index.ts';
import { playOutcome, unlockAudioOnGesture } from '../audio/player.ts';
import { installPaintMetrics, markArrival, markCommitted } from '../metrics/paint.ts';
import { afterNextPaint } from './after-paint.ts';
import { EMPTY_QUEUE, advance, arrive, dismiss, holdLeft, markShown, type VerdictQueue } from '../logic/verdict-queue.ts';

type Screen = 'kiosk' | 'login' | 'operator';

const OPERATOR_IDLE_MS = 4 * 60_000;

export function App({ api }: { api: KioskApi }): ReactNode {
  const { state, ready, refresh } = useKiosk(api);
  const [screen, setScreen] = useState<Screen>('kiosk');
  // verdicts in arrival order: a refusal is held on screen for 2 s, later ones wait their turn (verdict-queue.ts)
  const [queue, setQueue] = useState<VerdictQueue>(EMPTY_QUEUE);
  const verdict: VerdictEvent | null = queue.current;
  const [group, setGroup] = useState<GroupState | null>(null);
  const settingsRef = useRef(state?.settings);
  settingsRef.current = state?.settings;
  const screenRef = useRef(screen);
  screenRef.current = screen;

  useInputs(api, state?.settings.camera);

  const order = state?.settings.languageOrder ?? 'zh-en';
  const opLang = operatorLang(state?.settings.operatorLanguage);

  useEffect(() => { document.documentElement.lang = order === 'en-zh' ? 'en' : 'zh-Hant-HK'; }, [order]);
  useEffect(() => { void initI18n().changeLanguage(opLang); }, [opLang]);
  useEffect(() => { installPaintMetrics(); unlockAudioOnGesture(); }, []);
  // The core's group is the truth; follow it whenever the state says something new.
  useEffect(() => { if (state) setGroup(state.group); }, [state?.group]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => api.on('verdict', (ev) => {
    markArrival(ev.seq);
    // A verdict is the one update that must not wait: render it now, inside this event, not in a later task.
    // It is shown on every screen: above the login and operator screens too (an overlay), never only counted.
    flushSync(() => {
      if (ev.group) setGroup(ev.group);
      setQueue((q) => arrive(q, ev, performance.now()));
    });
  }), [api]);

  // When a verdict goes on screen: once its frame is painted, its sound (a queued one sounds when its turn comes, so
  // ear and eye agree) and the start of a refusal's 2-s hold. Both used to run before that frame (the sound's Web
  // Audio nodes in a passive effect that flushSync runs at once, the hold as a second React render inside the
  // frame); after it, they cost the verdict's frame nothing (issue 14 profile).
  const shownSeq = verdict?.seq;
  useLayoutEffect(() => {
    if (!verdict) return;
    markCommitted(verdict.seq);
    // Style and layout now, inside the event's task, instead of in the next frame: a verdict that arrives just after
    // a frame waits for the next one anyway, and that frame is then left with only paint and commit (issue 14).
    document.body.getBoundingClientRect();
    const seq = verdict.seq;
    const outcome = verdict.verdict.outcome;
    return afterNextPaint(() => {
      const s = settingsRef.current;
      playOutcome(outcome, s?.volume ?? 0.8, s?.muted ?? false);
      setQueue((q) => markShown(q, seq, performance.now()));
    });
  }, [shownSeq]); // eslint-disable-line react-hooks/exhaustive-deps

  // Back to idle after the configured time (a refusal: never before its hold ends); queued verdicts follow in order.
  const seconds = state?.settings.verdictSeconds ?? 5;
  const queueRef = useRef(queue);
  queueRef.current = queue;
  useEffect(() => {
    if (!queue.current && queue.pending.length === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // timers may fire a fraction of a millisecond early: check the hold again and wait on rather than stall
    const at = (ms: number, step: (q: VerdictQueue, now: number) => VerdictQueue) => {
      timer = setTimeout(() => {
        const now = performance.now();
        const left = holdLeft(queueRef.current, now);
        if (left > 0) return at(left, step);
        setQueue((q) => step(q, now));
      }, Math.ceil(Math.max(0, ms)) + 1);
    };
    const now = performance.now();
    // the next scan waits only for the hold, not for the whole verdict time
    if (queue.pending.length > 0) at(holdLeft(queue, now), advance);
    else at(Math.max(seconds * 1000 - (now - queue.shownAt), holdLeft(queue, now)), dismiss);
    return () => clearTimeout(timer);
  }, [queue, seconds]);

  const dismissVerdict = useCallback(() => setQueue((q) => dismiss(q, performance.now())), []);

  const startGroup = useCallback(async () => {
    try { setGroup(await api.call('groupStart', {})); dismissVerdict(); } catch { /* state event will tell */ }
  }, [api, dismissVerdict]);
  const endGroup = useCallback(async () => {
    try { setGroup(await api.call('groupEnd', {})); } catch { /* idem */ }
    dismissVerdict();
  }, [api, dismissVerdict]);
  const leaveOperator = useCallback(async () => {
    setScreen('kiosk');
    try { await api.call('operatorLogout', {}); } catch { /* the session ends with the page anyway */ }
    void refresh();
  }, [api, refresh]);
  const stateStale = useCallback(() => { void refresh(); }, [refresh]);

  // An operator who walks away must not leave the settings open at the door: back to the kiosk after a quiet spell
  // (shorter than the core's own session expiry, so the screen never shows controls the core would refuse).
  useEffect(() => {
    if (screen === 'kiosk') return;
    let last = Date.now();
    const touch = () => { last = Date.now(); };
    const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true, capture: true });
    const timer = setInterval(() => { if (Date.now() - last > OPERATOR_IDLE_MS) void leaveOperator(); }, 5000);
    return () => {
      clearInterval(timer);
      for (const e of events) window.removeEventListener(e, touch, { capture: true });
    };
  }, [screen, leaveOperator]);

  let body: ReactNode;
  if (!state) {
    body = (
      <div className="screen connecting" data-screen="connecting">
        <h1 className="visually-hidden"><Bi k="app.title" /></h1>
        <p className="connecting-text" role="status" aria-live="polite"><Bi k="app.connecting" /></p>
      </div>
    );
  } else if (screen === 'login') {
    body = <Login api={api} {...(state.operator.lockedForMs ? { initialLockMs: state.operator.lockedForMs } : {})}
      onSuccess={() => { setScreen('operator'); void refresh(); }} onCancel={() => setScreen('kiosk')} />;
  } else if (screen === 'operator') {
    body = <Operator api={api} state={state} onLeave={() => void leaveOperator()} onStateStale={stateStale} />;
  } else if (group?.active) {
    body = <Group group={group} latest={verdict} demo={state.demoTrust} onEnd={() => void endGroup()} />;
  } else if (verdict) {
    // no key: the next verdict updates this screen in place instead of remounting it. Tearing the old subtree down
    // (removeChild) was the largest single cost on the way to the painted frame (issue 14 profile), and a live
    // region whose content changes is announced where a replaced one may not be.
    body = <Verdict event={verdict} demo={state.demoTrust} seconds={seconds} onDismiss={dismissVerdict} />;
  } else {
    body = <Idle state={state} onOperator={() => setScreen('login')} onStartGroup={() => void startGroup()} />;
  }

  return (
    <OrderContext.Provider value={order}>
      <div className="app" id="kiosk-root" data-ready={ready ? 'true' : 'false'}>
        {state && !ready && <p className="banner-connecting" role="status" aria-live="polite"><Bi k="app.connecting" /></p>}
        {/* operator screens speak one language: tell assistive tech which (bilingual screens tag each line) */}
        <main className="app-main" lang={screen !== 'kiosk' ? HTML_LANG[opLang] : undefined}>{body}</main>
        {/* a scan while the login or operator screen is open: shown above it, the screen underneath keeps its state */}
        {state && screen !== 'kiosk' && verdict && (
          <div className="verdict-overlay" data-testid="verdict-overlay">
            <Verdict key={verdict.seq} event={verdict} demo={state.demoTrust} seconds={seconds} onDismiss={dismissVerdict} />
          </div>
        )}
      </div>
    </OrderContext.Provider>
  );
}
