// The display session's entry (venue-kiosk-screen.service, inside cage): waits for the kiosk service's screen
// URL, opens it in Chromium in kiosk mode, and exits when Chromium does or when the service restarted with a new
// token, so that systemd opens a fresh screen. Usage: screen URL_FILE PROFILE_DIR
import { existsSync, readFileSync, statSync } from 'node:fs';
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
  let url = readUrl(urlFile);
  if (!url) process.stdout.write(`Waiting for the kiosk service (${urlFile})...\n`);
  while (!url) {
    await sleep(POLL_MS);
    url = readUrl(urlFile);
  }
  const since = statSync(urlFile).mtimeMs;
  // Chromium's command line (/proc/*/cmdline, readable by every local user) names only a 0600 page in a 0700
  // folder that forwards to the URL; the token itself is never on it. openChromiumKiosk keeps its profile under
  // DIR/chromium-profile, as the standalone shell does.
  const boot = writeBootPage(profileDir, url);
  const browser = openChromiumKiosk(chromium, pathToFileURL(boot).href, profileDir);
  process.stdout.write(`Screen open in Chromium (kiosk mode, profile ${profileDir}/chromium-profile).\n`);
  const exited = new Promise<number>((res) => browser.once('exit', (code) => res(code ?? 0)));
  process.on('SIGTERM', () => browser.kill('SIGTERM'));
  for (;;) {
    const done = await Promise.race([exited, sleep(POLL_MS).then(() => null)]);
    if (done !== null) return done;
    const replaced = !existsSync(urlFile) || statSync(urlFile).mtimeMs !== since;
    if (replaced && readUrl(urlFile) !== url) {
      process.stdout.write('The kiosk service restarted: reopening the screen.\n');
      browser.kill('SIGTERM');
      await exited;
      return 0;
    }
  }
}

process.exitCode = await main(process.argv.slice(2));
