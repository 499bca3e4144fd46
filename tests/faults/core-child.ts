// Runs the real core in its own process for the power-cut test: scans the mix N times, says so, then waits to
// be killed with SIGKILL (no close(), no exit handlers: what a power cut or an OOM kill leaves behind).
import { createKioskCore } from '../../main/kiosk/core.ts';
import { quietLog } from './helpers.ts';
import { scanMix } from './scan-mix.ts';

const [dataDir, roundsText, startText] = process.argv.slice(2);
let t = Number(startText);
const core = await createKioskCore({ dataDir: dataDir!, shell: 'cli', clock: () => t, log: quietLog });
const tally: Record<string, number> = {};
for (let r = 0; r < Number(roundsText); r++) {
  for (const m of scanMix()) {
    const ev = await core.submitScan({ text: m.text, source: m.source, deviceId: 'child', at: t });
    tally[ev.verdict.outcome] = (tally[ev.verdict.outcome] ?? 0) + 1;
    t += 31_000; // past the 30 s repeat window, inside the hour
  }
}
// the counts are group-committed within 100 ms (a kill loses at most that window): report once it has passed
// (this timer is due after the store's, so it runs after the commit)
await new Promise((r) => setTimeout(r, 150));
process.stdout.write(`scanned ${JSON.stringify(tally)}\n`);
setInterval(() => {}, 60_000);
