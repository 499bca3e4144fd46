// venue-kiosk.service's entry: runs the standalone shell headless and hands the screen's URL (with its session
// token) to the display session through a file only the kiosk user can read, so the token never reaches the
// journal. Usage: serve URL_FILE COMMAND [ARGS...]; exits with the shell's own status so systemd restarts it.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';
import { writeFileAtomic } from '../../settings/atomic-write.ts';

const SCREEN_URL = /http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+/;

/** The line as the journal may keep it: the token replaced by where the URL is. */
export function redactToken(line: string, urlFile: string): string {
  return line.replace(/#token=[0-9a-f]+/g, `#token=(see ${urlFile})`);
}

/** The shell prints where its own 0600 URL file is (never the token); older shells printed the URL itself. */
const URL_FILE_LINE = /The URL with its access token is in (\S+) |Open the URL in (\S+) /;

export function screenUrlIn(line: string): string | null {
  const direct = SCREEN_URL.exec(line)?.[0];
  if (direct) return direct;
  const m = URL_FILE_LINE.exec(line);
  if (!m) return null;
  try {
    return SCREEN_URL.exec(readFileSync(m[1] ?? m[2]!, 'utf8'))?.[0] ?? null;
  } catch {
    return null;
  }
}

function main(argv: string[]): void {
  const [urlFile, command, ...args] = argv;
  if (!urlFile || !command) {
    process.stderr.write('Usage: serve URL_FILE COMMAND [ARGS...]\n');
    process.exit(2);
  }
  rmSync(urlFile, { force: true }); // a URL from an earlier start holds a dead token
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const url = screenUrlIn(line);
    if (url) writeFileAtomic(urlFile, `${url}\n`); // mode 0600, owned by the kiosk user
    process.stdout.write(`${redactToken(line, urlFile)}\n`);
  });
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => {
    rmSync(urlFile, { force: true });
    process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0));
  });
}

main(process.argv.slice(2));
