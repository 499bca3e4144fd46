// A damaged config.json (empty, truncated, NUL-filled, out of range, not an object) never stops the door: the kiosk
// starts on its last good copy or on the defaults, shows the fault, keeps verifying, and never falls back to the
// demo PIN silently. A kiosk whose PIN hash is gone starts locked until `kiosk reset-pin` sets a new PIN.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as resetPin } from '../../main/cli/reset-pin.ts';
import { makeVac } from '../fixtures/hk/sign.ts';
import { captureIo } from '../support/cli-io.ts';
import { Clock, NOON_HK, openCore, tempDataDir } from '../faults/helpers.ts';

let data: ReturnType<typeof tempDataDir>;
beforeEach(() => { data = tempDataDir('kiosk-config-'); });
afterEach(() => data.cleanup());

const cfg = () => join(data.dir, 'config.json');

/** First start (demo PIN 1234) plus one saved setting, as a kiosk in service has; returns the file's text. */
async function kioskInService(): Promise<string> {
  const core = await openCore(data.dir, new Clock());
  const s = core.openSession();
  expect(await s.handlers.operatorLogin({ pin: '1234' })).toEqual({ ok: true });
  await s.handlers.setSettings({ patch: { volume: 0.25 } });
  await core.close();
  return readFileSync(cfg(), 'utf8');
}

async function startAndCheck(): Promise<{ faults: string; login: (pin: string) => Promise<unknown>; volume: number; close: () => Promise<void> }> {
  const clock = new Clock(NOON_HK);
  const core = await openCore(data.dir, clock);
  // the door keeps working
  expect((await core.submitScan({ text: makeVac(), source: 'serial', deviceId: 's', at: clock.now() })).verdict.outcome).toBe('valid');
  const s = core.openSession();
  return {
    faults: core.state().faults.join('\n'),
    login: async (pin) => s.handlers.operatorLogin({ pin }),
    volume: core.state().settings.volume,
    close: () => core.close(),
  };
}

const damages: [string, (good: string) => string | Buffer][] = [
  ['empty', () => ''],
  ['truncated', (good) => good.slice(0, Math.floor(good.length / 2))],
  ['NUL-filled', (good) => Buffer.alloc(good.length, 0)],
  ['not an object', () => '[1,2,3]'],
  ['out of range', (good) => good.replace(/"volume": [0-9.]+/, '"volume": 7')],
];

describe('damaged config.json', () => {
  for (const [name, damage] of damages) {
    it(`${name}: starts on the last good copy, shows the fault, keeps the PIN`, async () => {
      const good = await kioskInService();
      writeFileSync(cfg(), damage(good));
      const k = await startAndCheck();
      expect(k.faults).toMatch(/configuration file was damaged.*last good copy/i);
      expect(await k.login('1234')).toEqual({ ok: true });
      expect(k.volume).toBe(0.25);
      await k.close();
      expect(existsSync(`${cfg()}.damaged`)).toBe(true);
      // and the damage does not come back on the next start
      const again = await startAndCheck();
      expect(again.faults).not.toMatch(/damaged/);
      await again.close();
    });
  }

  it('out of range without a last good copy: the valid fields, the PIN among them, survive', async () => {
    const good = await kioskInService();
    rmSync(`${cfg()}.last-good`);
    writeFileSync(cfg(), good.replace(/"volume": [0-9.]+/, '"volume": 7'));
    const k = await startAndCheck();
    expect(k.faults).toMatch(/damaged.*defaults/i);
    expect(k.faults).not.toMatch(/PIN was lost/);
    expect(k.volume).toBe(0.8); // the default, not 7
    expect(await k.login('1234')).toEqual({ ok: true });
    await k.close();
  });

  for (const [name, damage] of damages.slice(0, 3)) {
    it(`${name} without a last good copy: starts locked (never the demo PIN), until kiosk reset-pin`, async () => {
      const good = await kioskInService();
      rmSync(`${cfg()}.last-good`);
      writeFileSync(cfg(), damage(good));
      const k = await startAndCheck();
      expect(k.faults).toMatch(/PIN was lost.*reset-pin/i);
      expect(await k.login('1234')).toMatchObject({ ok: false });
      await k.close();
      // a restart does not turn the lost PIN into the demo PIN
      const again = await startAndCheck();
      expect(await again.login('1234')).toMatchObject({ ok: false });
      await again.close();

      const cli = captureIo('4821\n');
      expect(await resetPin(['--data-dir', data.dir], cli.io)).toBe(0);
      expect(cli.out()).toMatch(/PIN is set/);
      expect(readFileSync(join(data.dir, 'logs', 'kiosk.log'), 'utf8')).toMatch(/operator PIN reset from the command line/);
      const fixed = await startAndCheck();
      expect(fixed.faults).not.toMatch(/PIN was lost/);
      expect(await fixed.login('1234')).toMatchObject({ ok: false });
      expect(await fixed.login('4821')).toEqual({ ok: true });
      await fixed.close();
    });
  }

  it('reset-pin refuses a PIN that is not 4-12 digits and changes nothing', async () => {
    const good = await kioskInService();
    const cli = captureIo('12\n');
    expect(await resetPin(['--data-dir', data.dir], cli.io)).toBe(2);
    expect(readFileSync(cfg(), 'utf8')).toBe(good);
  });
});
