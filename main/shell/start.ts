// `npm start`: the Electron shell where the Electron binary is present, else the standalone shell. Says which.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { projectRoot } from '../paths.ts';
import { runStandalone } from './standalone/main.ts';

/** The Electron binary's path, without triggering electron's lazy download (which cannot work offline). */
export function electronBinary(): string | null {
  try {
    const pkgDir = dirname(createRequire(join(projectRoot(), 'package.json')).resolve('electron/package.json'));
    const pathFile = join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const bin = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const argv = process.argv.slice(2);
const bin = process.env.KIOSK_SHELL === 'standalone' ? null : electronBinary();
if (bin) {
  process.stdout.write('Starting the Electron kiosk shell.\n');
  const child = spawn(bin, [join(projectRoot(), 'dist', 'main', 'electron-main.mjs'), ...argv], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stdout.write('No Electron binary on this machine: starting the standalone shell (same kiosk, served on 127.0.0.1).\n');
  process.exitCode = await runStandalone(argv);
}
