// Where the verdict's time goes (`npm run bench -- ui profile`): a DevTools trace of the page's renderer while the
// kiosk shows verdicts, cut per verdict at the page's own marks (renderer/metrics/paint.ts: console.timeStamp when
// the event arrives and when the frame that shows it has ended). For each verdict, the main thread's time between
// the two marks is split into: the event's own task (WebSocket message -> React render, commit and effects), the
// wait for the next frame (idle), and the frame (animation-frame callbacks, style, layout, paint, commit), with
// each trace event's self time summed by name, and the main thread's CPU time (thread time) in the window, which
// a loaded machine does not inflate. Prints the medians and p95s and the top self-time names.
import type { Browser, Page } from 'playwright-core';
import { summarise, type Harness } from '../harness.ts';

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { name?: string; data?: { message?: string } } }

const CATEGORIES = [
  'toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame',
  'blink', 'cc', 'v8', 'v8.execute', 'blink.user_timing', 'loading', 'latencyInfo',
];

export async function traceVerdicts(h: Harness, browser: Browser, page: Page, scan: (i: number) => Promise<void>, n: number): Promise<void> {
  await browser.startTracing(page, { categories: CATEGORIES, screenshots: false });
  for (let i = 0; i < n; i++) await scan(i);
  const buf = await browser.stopTracing();
  const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  analyse(h, events);
}

interface Span { name: string; start: number; end: number; depth: number; self: number; cpu?: number }

/** Complete ('X') and begin/end ('B'/'E') events of one thread as spans with self times (µs). */
function spans(events: TraceEvent[]): Span[] {
  const out: Span[] = [];
  const open: TraceEvent[] = [];
  for (const e of events) {
    if (e.ph === 'X' && e.dur !== undefined) out.push({ name: e.name, start: e.ts, end: e.ts + e.dur, depth: 0, self: 0, ...(e.tdur !== undefined ? { cpu: e.tdur } : {}) });
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') {
      const b = open.pop();
      if (b) out.push({ name: b.name, start: b.ts, end: e.ts, depth: 0, self: 0 });
    }
  }
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  const stack: Span[] = [];
  for (const s of out) {
    while (stack.length && stack[stack.length - 1]!.end <= s.start) stack.pop();
    s.depth = stack.length;
    s.self = s.end - s.start;
    const parent = stack[stack.length - 1];
    if (parent) parent.self -= Math.min(s.end, parent.end) - s.start;
    stack.push(s);
  }
  return out;
}

const FRAME_START = new Set(['BeginMainThreadFrame', 'BeginFrame']);

function analyse(h: Harness, events: TraceEvent[]): void {
  const marks = events.filter((e) => e.name === 'TimeStamp' && e.args?.data?.message?.startsWith('kiosk-verdict-'));
  if (marks.length === 0) throw new Error('no kiosk-verdict marks in the trace');
  const { pid, tid } = marks[0]!;
  const thread = events.filter((e) => e.pid === pid && e.tid === tid && e.ph !== 'M');
  const all = spans(thread);
  const arrived = new Map<number, number>(), painted = new Map<number, number>();
  for (const m of marks) {
    const [, kind, seq] = /^kiosk-verdict-(arrived|painted)-(\d+)$/.exec(m.args!.data!.message!) ?? [];
    if (kind === 'arrived') arrived.set(Number(seq), m.ts);
    else if (kind === 'painted') painted.set(Number(seq), m.ts);
  }
  const total: number[] = [], ownTask: number[] = [], wait: number[] = [], frame: number[] = [], busy: number[] = [], cpu: number[] = [];
  const selfByName = new Map<string, number[]>();
  // the same, only for what runs from the frame's start on (what a verdict that waited for the frame still pays)
  const frameSelfByName = new Map<string, number[]>();
  let windows = 0;
  for (const [seq, a] of arrived) {
    const p = painted.get(seq);
    if (p === undefined || p < a) continue;
    windows++;
    // the task the arrival mark is in: the top-level span around it
    const task = all.find((s) => s.depth === 0 && s.start <= a && s.end >= a);
    const taskEnd = task ? task.end : a;
    const frameStart = all.find((s) => FRAME_START.has(s.name) && s.start >= taskEnd && s.start <= p)?.start
      ?? events.find((e) => e.pid === pid && FRAME_START.has(e.name) && e.ts >= taskEnd && e.ts <= p)?.ts ?? p;
    total.push((p - a) / 1000);
    ownTask.push((taskEnd - a) / 1000);
    frame.push((p - frameStart) / 1000);
    let busyUs = 0, cpuUs = 0;
    const names = new Map<string, number>();
    const frameNames = new Map<string, number>();
    for (const s of all) {
      if (s.end <= a || s.start >= p) continue;
      const overlap = Math.min(s.end, p) - Math.max(s.start, a);
      if (s.depth === 0) {
        busyUs += overlap;
        // thread time: what the task ran on a core, without the time other processes held it
        cpuUs += (s.cpu ?? s.end - s.start) * (overlap / Math.max(1, s.end - s.start));
      }
      const share = s.self * (overlap / Math.max(1, s.end - s.start));
      names.set(s.name, (names.get(s.name) ?? 0) + share);
      if (s.start >= frameStart) frameNames.set(s.name, (frameNames.get(s.name) ?? 0) + share);
    }
    busy.push(busyUs / 1000);
    cpu.push(cpuUs / 1000);
    wait.push(Math.max(0, (p - a) / 1000 - busyUs / 1000));
    for (const [byName, into] of [[names, selfByName], [frameNames, frameSelfByName]] as const) {
      for (const [n, us] of byName) {
        let arr = into.get(n);
        if (!arr) into.set(n, (arr = []));
        arr.push(us / 1000);
      }
    }
  }
  const row = (label: string, xs: number[]) => {
    const s = summarise(xs);
    h.report({ label: `profile: ${label}`, unit: 'ms', median: s.median, p95: s.p95, p99: s.p99 });
  };
  h.report({ label: 'profile: verdicts traced', unit: 'count', value: windows });
  row('arrival -> end of painted frame (traced)', total);
  row('  the event\'s own task (message, React render + commit + effects)', ownTask);
  row('  main thread busy in the window (all tasks)', busy);
  row('  main thread CPU time in the window (thread time: the work itself, load excluded)', cpu);
  row('  main thread idle in the window (waiting for the frame)', wait);
  row('  frame start -> end of painted frame', frame);
  // the names that cost most, by mean self time per verdict (missing in a window counts as 0)
  const top = (byName: Map<string, number[]>, n: number, label: string) => {
    const means = [...byName].map(([k, xs]) => [k, xs.reduce((x, y) => x + y, 0) / windows] as const).sort((x, y) => y[1] - x[1]);
    for (const [k, mean] of means.slice(0, n)) {
      const xs = byName.get(k)!;
      const s = summarise([...xs, ...Array(Math.max(0, windows - xs.length)).fill(0)]);
      h.report({ label: `profile: ${label} ${k}`, unit: 'ms', median: s.median, p95: s.p95, p99: s.p99, value: mean });
    }
  };
  top(selfByName, 14, 'self time in');
  top(frameSelfByName, 8, 'in the frame, self time in');
}
