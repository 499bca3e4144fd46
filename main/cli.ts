// `kiosk <command>`: the operator and support command line. Each command lives in main/cli/<name>.ts.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { projectRoot } from './paths.ts';

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin: NodeJS.ReadableStream };
type Command = { run(argv: string[], io: Io): Promise<number> };

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  verify: { summary: 'verify a pass: TEXT, @FILE, @IMAGE.png or - (stdin); --batch FILE', load: () => import('./cli/verify.ts') },
  'status-list': { summary: 'build a signed code-colour / revocation list (status authorities)', load: () => import('./cli/status-list.ts') },
  'status-server': { summary: 'serve a status list and the online lookup on 127.0.0.1', load: () => import('./cli/status-server.ts') },
  devices: { summary: 'list the scanners, serial ports and cameras this machine sees', load: () => import('./cli/devices.ts') },
  listen: { summary: 'run the scanners and the verification pipeline without the screen', load: () => import('./cli/listen.ts') },
  poster: { summary: 'render the venue QR poster as PDF', load: () => import('./cli/poster.ts') },
  stats: { summary: 'print or export the aggregated counts', load: () => import('./cli/stats.ts') },
  'reset-pin': { summary: 'set a new operator PIN from a shell on the kiosk (PIN recovery)', load: () => import('./cli/reset-pin.ts') },
  fleet: { summary: 'fleet key, kiosk enrolment, signed configuration, broker ACLs', load: () => import('./cli/fleet.ts') },
  'fleet-collector': { summary: 'collect a fleet\'s counts and health into PostgreSQL; serve the dashboard', load: () => import('./cli/fleet-collector.ts') },
  'fleet-stats': { summary: 'print or export the fleet\'s counts from the collector\'s database', load: () => import('./cli/fleet-stats.ts') },
};

function usage(): string {
  return `Usage: kiosk <command> [options]\n\n${Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(14)} ${c.summary}`).join('\n')}\n\nRun "kiosk <command> --help" for a command's options. Project: ${projectRoot()}\n`;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.stderr.write(`kiosk: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  return (await cmd.load()).run(rest, io);
}

function isEntry(): boolean {
  try {
    return Boolean(process.argv[1]) && realpathSync(process.argv[1]!) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}
if (isEntry()) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => {
      process.stderr.write(`kiosk: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
