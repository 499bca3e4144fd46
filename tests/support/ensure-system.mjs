// The tests use real system parts: Debian's Chromium, socat PTYs, Xvfb, pdftoppm, Mosquitto, PostgreSQL, and for
// the Debian package test mmdebstrap, lintian and strip. Install what is missing (as root, with apt-get) or say
// exactly what to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NEEDS = [
  { bin: '/usr/bin/chromium', pkg: 'chromium' },
  { bin: '/usr/bin/socat', pkg: 'socat' },
  { bin: '/usr/bin/Xvfb', pkg: 'xvfb' },
  { bin: '/usr/bin/pdftoppm', pkg: 'poppler-utils' },
  { bin: '/usr/bin/fc-list', pkg: 'fontconfig' },
  { bin: '/usr/sbin/mosquitto', pkg: 'mosquitto' },
  { bin: '/usr/lib/postgresql/15/bin/postgres', pkg: 'postgresql' },
  // the Debian package test (tests/package): a clean bookworm root, and Debian's own package checker
  { bin: '/usr/bin/mmdebstrap', pkg: 'mmdebstrap' },
  { bin: '/usr/bin/lintian', pkg: 'lintian' },
  { bin: '/usr/bin/strip', pkg: 'binutils' },
];

const missing = NEEDS.filter((n) => !existsSync(n.bin)).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);
const line = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
if (process.platform !== 'linux' || process.getuid?.() !== 0 || spawnSync('which', ['apt-get']).status !== 0) {
  process.stderr.write(`The tests need system packages that are missing: ${missing.join(', ')}.\nRun as root:\n  ${line}\n`);
  process.exit(1);
}
process.stdout.write(`Installing system packages the tests need: ${missing.join(' ')}\n`);
try {
  execFileSync('sh', ['-c', `export DEBIAN_FRONTEND=noninteractive; ${line}`], { stdio: ['ignore', 'ignore', 'inherit'] });
} catch {
  process.stderr.write(`Installing failed. Run as root:\n  ${line}\n`);
  process.exit(1);
}
