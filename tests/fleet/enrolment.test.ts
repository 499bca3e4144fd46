// Joining the fleet: `kiosk fleet enrol` writes DATA_DIR/fleet.json (0600), the shell's --fleet options override
// it, and bad input is a clear usage error rather than a half-joined kiosk.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as fleetCli } from '../../main/cli/fleet.ts';
import { readEnrolment } from '../../main/fleet/enrolment.ts';
import { enrolmentFromArgs } from '../../main/fleet/from-args.ts';
import { generateFleetKey } from '../../main/fleet/signing.ts';
import { parseShellArgs, UsageError } from '../../main/shell/args.ts';
import { captureIo } from '../support/cli-io.ts';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-enrol-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('fleet enrolment', () => {
  it('enrol writes a private file the kiosk reads; --fleet options override it', async () => {
    const k = generateFleetKey();
    writeFileSync(join(dir, 'pub.pem'), k.publicPem);
    writeFileSync(join(dir, 'pw'), 's3cret\n');
    const c = captureIo();
    expect(await fleetCli(['enrol', '--data-dir', dir, '--broker', 'mqtt://broker.example:1883', '--site', 'mall-a', '--kiosk-id', 'door-1',
      '--user', 'mall-a.door-1', '--password-file', join(dir, 'pw'), '--fleet-key', join(dir, 'pub.pem')], c.io)).toBe(0);
    expect(statSync(join(dir, 'fleet.json')).mode & 0o777).toBe(0o600);
    expect(readEnrolment(dir)).toMatchObject({ broker: 'mqtt://broker.example:1883', site: 'mall-a', kioskId: 'door-1', username: 'mall-a.door-1', password: 's3cret' });
    const e = enrolmentFromArgs(parseShellArgs(['--data-dir', dir, '--fleet', 'mqtt://other:1883', '--kiosk-id', 'door-9']));
    expect(e).toMatchObject({ broker: 'mqtt://other:1883', site: 'mall-a', kioskId: 'door-9', password: 's3cret' });
    expect(e!.fleetPublicKey).toBe(k.publicPem);
  });

  it('refuses bad ids, a wrong key type and fleet options without --fleet', async () => {
    const c = captureIo();
    expect(await fleetCli(['enrol', '--data-dir', dir, '--broker', 'mqtt://b:1883', '--site', 'Mall A', '--kiosk-id', 'door-1'], c.io)).toBe(1);
    expect(c.err()).toMatch(/site "Mall A" must be/);
    writeFileSync(join(dir, 'rsa.pem'), (await import('node:crypto')).generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const d = captureIo();
    expect(await fleetCli(['enrol', '--data-dir', dir, '--broker', 'mqtt://b:1883', '--site', 'mall-a', '--kiosk-id', 'door-1', '--fleet-key', join(dir, 'rsa.pem')], d.io)).toBe(1);
    expect(d.err()).toMatch(/EC P-256/);
    expect(() => parseShellArgs(['--site', 'mall-a'])).toThrow(UsageError);
    expect(() => enrolmentFromArgs(parseShellArgs(['--data-dir', dir, '--fleet', 'mqtt://b:1883']))).toThrow(/--site and --kiosk-id/);
    expect(enrolmentFromArgs(parseShellArgs(['--data-dir', dir]))).toBeNull();
  });
});
