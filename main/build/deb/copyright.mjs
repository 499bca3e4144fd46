// debian/copyright (machine-readable format 1.0) for what the package ships: the kiosk, the Node runtime, and
// each bundled npm package under its own licence (as its package-lock.json entry names it).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const COMMON = { 'Apache-2.0': '/usr/share/common-licenses/Apache-2.0', 'CC0-1.0': '/usr/share/common-licenses/CC0-1.0' };

/** package name of a lock location: node_modules/a/node_modules/@b/c -> @b/c */
const nameOf = (at) => at.slice(at.lastIndexOf('node_modules/') + 'node_modules/'.length);

function licenseOf(root, at, fromLock) {
  if (fromLock) return fromLock;
  try {
    const l = JSON.parse(readFileSync(join(root, at, 'package.json'), 'utf8')).license;
    if (typeof l === 'string') return l;
  } catch { /* fall through */ }
  return 'unknown';
}

export function copyrightFile(root, pkgs, nodeVersion) {
  const parts = [
    'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
    'Upstream-Name: venue-kiosk',
    'Comment: The kiosk bundles its own Node.js runtime and the npm packages it needs at run time.',
    ' Each bundled package keeps its licence text in its directory under',
    ' /usr/lib/venue-kiosk/node_modules/.',
    '',
    'Files: *',
    'Copyright: 2022-2026 Venue Kiosk contributors',
    'License: proprietary',
    ' All rights reserved (package.json: UNLICENSED).',
    '',
    'Files: usr/lib/venue-kiosk/resources/fonts/*',
    'Copyright: Google LLC and the Noto project authors',
    'License: OFL-1.1',
    ' See /usr/lib/venue-kiosk/resources/fonts/noto-sans-hk/OFL.txt.',
    '',
    'Files: usr/lib/venue-kiosk/resources/eudcc-schema/*',
    'Copyright: eHealth Network',
    'License: Apache-2.0',
    ' See /usr/share/common-licenses/Apache-2.0.',
    '',
    'Files: usr/lib/venue-kiosk/node',
    'Copyright: Node.js contributors; Joyent, Inc. and other Node contributors',
    `License: Expat-and-others`,
    ` Node.js ${nodeVersion}, as this package was built and tested with. Its licence, with the licences of the`,
    ' libraries it embeds (V8, OpenSSL, libuv, zlib, ICU and others), is',
    ' /usr/share/doc/venue-kiosk/nodejs-LICENSE.',
  ];
  const byLicense = new Map();
  for (const p of pkgs) {
    const lic = licenseOf(root, p.at, p.license);
    if (!byLicense.has(lic)) byLicense.set(lic, []);
    byLicense.get(lic).push(p);
  }
  for (const [lic, list] of [...byLicense].sort(([a], [b]) => a.localeCompare(b))) {
    parts.push('', `Files: ${list.map((p) => `usr/lib/venue-kiosk/${p.at}/*`).join('\n ')}`);
    parts.push(`Copyright: the authors of ${list.map((p) => `${nameOf(p.at)} ${p.version}`).join(', ')}`);
    const text = lic.split(/\s+OR\s+|[()]/).map((s) => s.trim()).filter(Boolean).map((l) => COMMON[l]).find(Boolean);
    parts.push(`License: ${lic}`, ` ${text ? `See ${text}.` : 'The licence text is in each package\'s directory (LICENSE or the package.json licence).'}`);
  }
  return `${parts.join('\n')}\n`;
}

/** Node's own LICENSE file beside the runtime (official tarball) or where Debian-style packages put it. */
export function nodeLicensePath(execPath) {
  return [join(execPath, '../../LICENSE'), join(execPath, '../../share/doc/nodejs/LICENSE'), '/usr/share/doc/nodejs/LICENSE'].find((p) => existsSync(p)) ?? null;
}
