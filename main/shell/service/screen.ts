// The display session's entry (venue-kiosk-screen.service, inside cage): waits for the kiosk service's screen
// URL, opens the kiosk in Chromium in kiosk mode, and exits when Chromium does or when the service restarted with
// a new token, so that systemd opens a fresh screen. Usage: screen URL_FILE PROFILE_DIR
// Chromium never gets the token: not on its command line (/proc/*/cmdline is world-readable), not in a URL it
// would keep in its history. It gets a single-use start link (/boot/CODE, which sets the token as a session
// cookie) that this process asks the service for with the token in a header.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { findChromium, openChromiumKiosk } from '../standalone/chromium.ts';
import { writeBootPage } from '../standalone/secret-files.ts';

const POLL_MS = 500;

function readUrl(file: string): string | null {
  try {
    const url = readFileSync(file, 'utf8').trim();
    return /^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+$/.test(url) ? url : null;
  } catch {
    return null;
  }
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0; // gone: the service stopped
  }
}

/** A single-use start link from the kiosk service, or null while it does not answer (starting, restarting). */
async function startLink(url: string): Promise<string | null> {
  const { origin, hash } = new URL(url);
  try {
    const r = await fetch(`${origin}/boot`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${hash.slice('#token='.length)}` },
      signal: AbortSignal.timeout(10_000),
    });
    const path = (await r.text()).trim();
    return r.ok && /^\/boot\/[0-9a-f]+$/.test(path) ? `${origin}${path}` : null;
  } catch {
    return null;
  }
}

async function main(argv: string[]): Promise<number> {
  const [urlFile, profileDir] = argv;
  if (!urlFile || !profileDir) {
    process.stderr.write('Usage: screen URL_FILE PROFILE_DIR\n');
    return 2;
  }
  const chromium = findChromium();
  if (!chromium) {
    process.stderr.write('No Chromium installed (apt install chromium).\n');
    return 1;
  }
  let url: string | null = null;
  let link: string | null = null;
  let since = 0;
  for (let said = false; ; said = true) {
    url = readUrl(urlFile);
    if (url) {
      since = mtimeOf(urlFile);
      link = await startLink(url);
      if (link) break;
    }
    if (!said) process.stdout.write(`Waiting for the kiosk service (${urlFile})...\n`);
    await sleep(POLL_MS);
  }
  // Chromium's command line names only a 0600 page in a 0700 folder that forwards to the start link, which works
  // once. openChromiumKiosk keeps its profile under DIR/chromium-profile, as the standalone shell does.
  const boot = writeBootPage(profileDir, link);
  const browser = openChromiumKiosk(chromium, pathToFileURL(boot).href, profileDir);
  process.stdout.write(`Screen open in Chromium (kiosk mode, profile ${profileDir}/chromium-profile).\n`);
  const exited = new Promise<number>((res) => browser.once('exit', (code) => {
    rmSync(boot, { force: true });
    res(code ?? 0);
  }));
  process.on('SIGTERM', () => browser.kill('SIGTERM'));
  for (;;) {
    const done = await Promise.race([exited, sleep(POLL_MS).then(() => null)]);
    if (done !== null) return done;
    const replaced = mtimeOf(urlFile) !== since;
    if (replaced && readUrl(urlFile) !== url) {
      process.stdout.write('The kiosk service restarted: reopening the screen.\n');
      browser.kill('SIGTERM');
      await exited;
      return 0;
    }
  }
}

process.exitCode = await main(process.argv.slice(2));
