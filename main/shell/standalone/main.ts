// The standalone shell: the kiosk core in plain Node, served on 127.0.0.1, opened in Chromium when there is a display.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rendererDir } from '../../paths.ts';
import { parseShellArgs, USAGE, UsageError } from '../args.ts';
import { startKioskHost } from '../host.ts';
import { findChromium, hasDisplay, openChromiumKiosk } from './chromium.ts';
import { removeQuietly, writeBootPage, writeUrlFile } from './secret-files.ts';
import { startStandaloneServer } from './server.ts';

export async function runStandalone(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseShellArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const dir = rendererDir();
  if (!existsSync(join(dir, 'index.html'))) {
    process.stderr.write(`The screen is not built (${dir} is missing): run "npm run build" first.\n`);
    return 1;
  }
  let host;
  let server;
  try {
    host = await startKioskHost(args, 'standalone', { onExit: () => void stop() });
    server = await startStandaloneServer(host.core, { port: args.port, rendererDir: dir });
  } catch (e) {
    // a broken trust or config file, a port in use: one clear line, not a stack trace
    process.stderr.write(`The kiosk cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
    await host?.close().catch(() => undefined);
    return 1;
  }
  let browser: ChildProcess | null = null;
  const chromium = findChromium();
  // The token never goes to stdout (a journal other users may read) or to a command line (/proc/*/cmdline):
  // the URL is in a file only the kiosk user can read, and Chromium gets a page that uses a single-use link.
  let urlFile: string;
  try {
    urlFile = writeUrlFile(args.dataDir, server.url);
  } catch (e) {
    process.stderr.write(`The kiosk cannot start: cannot write its URL file (${(e as NodeJS.ErrnoException).code ?? 'error'})\n`);
    await server.close();
    await host.close();
    return 1;
  }
  if (!args.headless && hasDisplay() && chromium) {
    const boot = writeBootPage(args.dataDir, `http://127.0.0.1:${server.port}${server.bootPath()}`);
    browser = openChromiumKiosk(chromium, pathToFileURL(boot).href, args.dataDir);
    browser.on('exit', () => void stop());
    void server.screenConnected.then(() => {
      removeQuietly(boot);
      process.stdout.write('Kiosk screen connected.\n');
    });
    process.stdout.write(`Kiosk open in Chromium (kiosk mode) on port ${server.port}. The URL with its access token is in ${urlFile} (readable by this user only).\n`);
  } else {
    const why = args.headless ? '--headless' : !hasDisplay() ? 'no display' : 'no Chromium installed';
    process.stdout.write(`Kiosk serving headless (${why}) on port ${server.port}. Open the URL in ${urlFile} (readable by this user only) in a browser on this machine.\n`);
    // a display session of its own (the Debian package's screen service) used a start link
    void server.screenConnected.then(() => process.stdout.write('Kiosk screen connected.\n'));
  }
  process.stdout.write(`Data: ${args.dataDir}\n`);

  let stopping = false;
  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    browser?.kill();
    await server!.close();
    await host!.close();
    process.exit(0);
  }
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  return new Promise<number>(() => undefined); // runs until stopped
}
