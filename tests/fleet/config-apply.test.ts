// Signed fleet configuration on the kiosk, without a broker: what is applied and what is refused, and that the
// rollback floor survives a restart. Signatures are real ES256 (node:crypto).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SettingsPatch } from '../../main/api/state.ts';
import { createConfigApplier } from '../../main/fleet/config-apply.ts';
import { generateFleetKey, loadPublicKey, signConfig } from '../../main/fleet/signing.ts';

const key = generateFleetKey();
const other = generateFleetKey();
let dir: string;
let applied: SettingsPatch[];

const make = () => createConfigApplier({ dataDir: dir, site: 'mall-a', kioskId: 'door-1', key: loadPublicKey(key.publicPem), apply: async (p) => { applied.push(p); } });
const cfg = (version: number, settings: SettingsPatch, extra: { site?: string; kiosk?: string } = {}, pem = key.privatePem) =>
  Buffer.from(signConfig({ v: 1, site: extra.site ?? 'mall-a', ...(extra.kiosk ? { kiosk: extra.kiosk } : {}), version, issuedAt: '2026-12-01T00:00:00Z', settings }, pem));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-fleet-cfg-'));
  applied = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('fleet configuration', () => {
  it('applies a signed site configuration, then a kiosk one over it', async () => {
    const a = make();
    expect(await a.handle('site', cfg(1, { verdictSeconds: 8, muted: true }))).toEqual({ applied: true, scope: 'site', version: 1 });
    expect(await a.handle('kiosk', cfg(1, { verdictSeconds: 4 }, { kiosk: 'door-1' }))).toMatchObject({ applied: true });
    expect(applied.at(-1)).toEqual({ verdictSeconds: 4, muted: true });
    expect(a.managed().sort()).toEqual(['muted', 'verdictSeconds']);
    expect(a.versions()).toEqual({ siteVersion: 1, kioskVersion: 1 });
  });

  it('refuses unsigned, tampered, foreign-key, other-site, other-kiosk and rolled-back configuration', async () => {
    const a = make();
    await a.handle('site', cfg(5, { verdictSeconds: 8 }));
    const n = applied.length;
    const good = JSON.parse(cfg(6, { verdictSeconds: 9 }).toString()) as { body: string; sig: string };
    const tampered = JSON.parse(Buffer.from(good.body, 'base64url').toString()) as { settings: { verdictSeconds: number } };
    tampered.settings.verdictSeconds = 60;
    const cases: [Buffer, RegExp][] = [
      [Buffer.from(JSON.stringify({ v: 1, site: 'mall-a', version: 9, settings: { verdictSeconds: 1 } })), /not a signed fleet configuration/],
      [Buffer.from(JSON.stringify({ ...good, body: Buffer.from(JSON.stringify(tampered)).toString('base64url') })), /bad signature/],
      [Buffer.from(JSON.stringify({ ...good, sig: good.sig.slice(0, -2) + (good.sig.endsWith('AA') ? 'BB' : 'AA') })), /bad signature/],
      [cfg(7, { verdictSeconds: 1 }, {}, other.privatePem), /bad signature/],
      [cfg(7, { verdictSeconds: 1 }, { site: 'mall-b' }), /for site "mall-b"/],
      [cfg(7, { verdictSeconds: 1 }, { kiosk: 'door-2' }), /kiosk configuration arrived on the site topic/],
      [cfg(4, { verdictSeconds: 1 }), /rollback/],
      [cfg(5, { verdictSeconds: 1 }), /rollback/],
      [Buffer.alloc(2_200_000, 0x20), /too large/],
      [Buffer.from('{"v":1,"body":"x","sig":"' + 'A'.repeat(86) + '"}'), /bad signature|not a valid/],
    ];
    for (const [msg, reason] of cases) {
      const r = await a.handle('site', msg);
      expect(r.applied).toBe(false);
      expect(r.applied ? '' : r.reason).toMatch(reason);
    }
    const k = await a.handle('kiosk', cfg(1, { verdictSeconds: 1 }, { kiosk: 'door-2' }));
    expect(k.applied ? '' : k.reason).toMatch(/for kiosk "door-2"/);
    expect(applied.length).toBe(n);
    expect(a.versions().refused).toMatch(/kiosk "door-2"/);
  });

  it('a configuration that is not a valid settings patch is refused even when signed', async () => {
    const a = make();
    // signConfig checks its input, so build the body by hand as a careless or hostile signer might
    const { createPrivateKey, sign } = await import('node:crypto');
    const body = Buffer.from(JSON.stringify({ v: 1, site: 'mall-a', version: 2, issuedAt: 'x', settings: { relay: { enabled: true, pulseMs: 100 } } }));
    const sig = sign('sha256', body, { key: createPrivateKey(key.privatePem), dsaEncoding: 'ieee-p1363' });
    const r = await a.handle('site', Buffer.from(JSON.stringify({ v: 1, body: body.toString('base64url'), sig: sig.toString('base64url') })));
    expect(r.applied ? '' : r.reason).toMatch(/not a valid configuration/);
    expect(applied).toEqual([]);
  });

  it('the retained copy arriving again is ignored; the rollback floor survives a restart', async () => {
    const first = make();
    const v3 = cfg(3, { volume: 0.5 });
    await first.handle('site', v3);
    expect(await first.handle('site', v3)).toMatchObject({ applied: false, ignored: true });
    const again = make();
    expect(await again.handle('site', cfg(2, { volume: 1 }))).toMatchObject({ applied: false, reason: expect.stringMatching(/rollback/) });
    expect(again.managed()).toEqual(['volume']);
    expect(await again.handle('site', cfg(4, { volume: 1 }))).toMatchObject({ applied: true, version: 4 });
  });

  it('without a fleet key every configuration is refused', async () => {
    const a = createConfigApplier({ dataDir: dir, site: 'mall-a', kioskId: 'door-1', key: null, apply: async (p) => { applied.push(p); } });
    const r = await a.handle('site', cfg(1, { verdictSeconds: 8 }));
    expect(r.applied ? '' : r.reason).toMatch(/no fleet key/);
    expect(applied).toEqual([]);
  });
});
