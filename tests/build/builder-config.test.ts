// electron-builder.yml against electron-builder's own JSON schema (node_modules/app-builder-lib/scheme.json),
// plus what the schema cannot know: the files it names exist, the install scripts use only the macros
// electron-builder fills in, and they install what the issue asks for (udev rules, autostart, sandbox fix).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '../..');
const schema = JSON.parse(readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The validator electron-builder itself runs (app-builder-lib/out/util/config/schemaValidator.js): same options,
 * so that "typeof: function" branches (JS-only options) are ignored exactly as the real build ignores them. */
let cached: ReturnType<typeof build> | undefined;
const validator = () => (cached ??= build());
function build() {
  const ajv = new Ajv({ allErrors: true, verbose: true, coerceTypes: true, strict: false });
  const compiled = ajv.compile(schema);
  const validate = (data: unknown) => compiled(structuredClone(data));
  return Object.assign(validate, { get errors() { return compiled.errors; } });
}

/** The macros FpmTarget's writeConfigFile substitutes in deb scripts (any other ${name} aborts the build). */
const DEB_MACROS = new Set(['executable', 'sanitizedProductName', 'productFilename', ...Object.keys(config.linux ?? {}), ...Object.keys(config.deb ?? {})]);
const macrosIn = (text: string) => [...text.matchAll(/\$\{([a-zA-Z]+)\}/g)].map((m) => m[1]!);

describe('electron-builder.yml', () => {
  it('is valid against electron-builder\'s schema', () => {
    const validate = validator();
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check catches a broken config (unknown key, wrong type)', () => {
    const validate = validator();
    expect(validate({ ...config, asarUnpackk: ['x'] })).toBe(false);
    expect(validate({ ...config, nsis: { ...config.nsis, oneClick: 'no' } })).toBe(false);
  });

  it('the .deb keeps electron-builder\'s default dependencies (a custom list replaces them) and adds the hardware ones', () => {
    for (const d of ['libgtk-3-0', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0', 'libudev1', 'libusb-1.0-0']) {
      expect(config.deb.depends, d).toContain(d);
    }
  });

  it('the Electron .deb is not the Debian package of the standalone kiosk: its own name and file, and they conflict both ways', () => {
    const control = readFileSync(join(root, 'resources/debian/control.in'), 'utf8');
    const debian = /^Package: (\S+)$/m.exec(control)![1]!;
    const field = (name: string) => (new RegExp(`^${name}: (.*)$`, 'm').exec(control)?.[1] ?? '').split(/,\s*/);
    expect(config.deb.packageName).toMatch(/^[a-z0-9][a-z0-9.+-]+$/); // a Debian package name
    expect(config.deb.packageName).not.toBe(debian);
    // the file name is the package name's (what `apt install ./FILE` is told), never the standalone one's
    expect(config.deb.artifactName).toBe(`${config.deb.packageName}_\${version}_\${arch}.\${ext}`);
    expect(config.deb.fpm).toEqual(expect.arrayContaining([`--conflicts=${debian}`, `--replaces=${debian}`]));
    expect(field('Conflicts')).toContain(config.deb.packageName);
    expect(field('Replaces')).toContain(config.deb.packageName);
  });

  it('builds a .deb first, an AppImage, and a Windows NSIS installer', () => {
    expect(config.linux.target).toEqual(['deb', 'AppImage']);
    expect(config.win.target).toContain('nsis');
  });

  it('unpacks every native module and the QR decoder\'s WebAssembly from the archive', () => {
    const unpack: string[] = config.asarUnpack;
    expect(unpack).toContain('**/*.node');
    for (const mod of ['better-sqlite3', 'node-hid', '@serialport']) expect(unpack.some((p) => p.includes(`node_modules/${mod}/`))).toBe(true);
    expect(unpack.some((p) => p.includes('zxing-wasm') && p.endsWith('.wasm'))).toBe(true);
  });

  it('names files and folders that exist', () => {
    for (const f of [config.deb.afterInstall, config.deb.afterRemove, config.deb.appArmorProfile, config.nsis.include, config.win.icon]) {
      expect(existsSync(join(root, f)), f).toBe(true);
    }
    expect(statSync(join(root, config.linux.icon)).isDirectory()).toBe(true);
    expect(readdirSync(join(root, config.linux.icon))).toContain('256x256.png');
    for (const r of config.linux.extraResources as { from: string; filter: string[] }[]) {
      if (r.from === 'resources/udev') continue; // checked below (written by the hardware helper)
      for (const f of r.filter) expect(existsSync(join(root, r.from, f)), `${r.from}/${f}`).toBe(true);
    }
  });

  it('ships the udev rules from resources/udev into the package, outside the archive', () => {
    const udev = (config.linux.extraResources as { from: string; to: string; filter: string[] }[]).find((r) => r.from === 'resources/udev');
    expect(udev).toEqual({ from: 'resources/udev', to: 'udev', filter: ['*.rules'] });
    expect(config.files).toContain('!resources/udev/**');
  });

  it.runIf(existsSync(join(root, 'resources/udev')))('resources/udev holds rules files', () => {
    expect(readdirSync(join(root, 'resources/udev')).filter((f) => f.endsWith('.rules')).length).toBeGreaterThan(0);
  });
});

describe('deb install scripts', () => {
  const install = readFileSync(join(root, config.deb.afterInstall), 'utf8');
  const remove = readFileSync(join(root, config.deb.afterRemove), 'utf8');
  const profile = readFileSync(join(root, config.deb.appArmorProfile), 'utf8');

  it('use only macros electron-builder defines (any other ${name} aborts the build)', () => {
    for (const text of [install, remove, profile]) for (const m of macrosIn(text)) expect(DEB_MACROS.has(m), m).toBe(true);
  });

  it('reference only files the package installs under resources/', () => {
    // "$RES/<path>" in the script must be an extraResources target or the AppArmor profile electron-builder copies
    const targets = new Set(['apparmor-profile', ...(config.linux.extraResources as { to: string }[]).map((r) => r.to)]);
    const refs = [...install.matchAll(/"\$RES\/?"?\/?([a-z-]+)/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(targets.has(r), r).toBe(true);
    for (const [from, names] of [['resources/build/linux', ['venue-kiosk.service', 'venue-kiosk-autostart.desktop']]] as const) {
      for (const n of names) {
        expect(install).toContain(`$RES/linux/${n}`);
        expect(existsSync(join(root, from, n))).toBe(true);
      }
    }
  });

  it('install the udev rules, the user service, and fix chrome-sandbox (AppArmor userns profile, SUID fallback)', () => {
    expect(install).toMatch(/install -m 0644 "\$rule" "\/etc\/udev\/rules\.d\//);
    expect(install).toMatch(/udevadm control --reload-rules/);
    expect(install).toMatch(/\/usr\/lib\/systemd\/user\/venue-kiosk\.service/);
    expect(install).toMatch(/chmod 4755 "\$APP_DIR\/chrome-sandbox"/);
    expect(install).toMatch(/apparmor_parser --replace/);
    expect(profile).toMatch(/^\s*userns,/m);
    expect(remove).toMatch(/apparmor_parser --remove/);
    expect(remove).toMatch(/installed-udev-rules/);
  });

  it('are valid bash', async () => {
    const { execFileSync } = await import('node:child_process');
    for (const f of [config.deb.afterInstall, config.deb.afterRemove]) execFileSync('bash', ['-n', join(root, f)]);
  });

  it('the systemd unit starts the installed command and restarts it', () => {
    const unit = readFileSync(join(root, 'resources/build/linux/venue-kiosk.service'), 'utf8');
    expect(unit).toMatch(new RegExp(`^ExecStart=/usr/bin/${config.executableName}$`, 'm'));
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).toMatch(/^WantedBy=graphical-session\.target$/m);
  });
});
