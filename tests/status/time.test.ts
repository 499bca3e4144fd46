// Amber ends at 09:00 Hong Kong time on the last day of surveillance; red at the end of isolation. The instant
// must not move with the machine's time zone: each case runs with process.env.TZ set to zones on both sides of
// UTC, with and without daylight saving (Node reads TZ afresh when it changes).
import { afterAll, describe, expect, it } from 'vitest';
import { parseEntriesCsv } from '../../main/status/build.ts';
import { lookupInList } from '../../main/verify/status/evaluate.ts';
import { loadStatusList } from '../../main/verify/status/format.ts';
import { nodeVerifier } from '../../main/status/node-crypto.ts';
import { ALICE, BOB, dayNo, demoTrust, hkPersonHash, makeList } from './helpers.ts';

// zone -> its offset from UTC on 2022-09-15, as getTimezoneOffset() reports it (minutes, west positive)
const ZONES: Record<string, number> = {
  UTC: 0, 'Asia/Hong_Kong': -480, 'America/Los_Angeles': 420, 'Europe/London': -60,
  'Pacific/Kiritimati': -840, 'Pacific/Pago_Pago': 660, 'Australia/Lord_Howe': -630,
};
const originalTz = process.env.TZ;
afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

async function colourAt(text: string, who: typeof ALICE, iso: string) {
  const l = await loadStatusList(text, demoTrust(), nodeVerifier);
  if (!l.ok) throw new Error(l.error);
  return lookupInList(l.list, who, new Date(iso)).colour.value;
}

describe('code colour instants in Hong Kong time, whatever the machine zone', () => {
  // last day of surveillance 2022-09-20: blue from 2022-09-20 09:00 HKT = 2022-09-20T01:00:00Z
  // isolation to the end of 2022-09-18 HKT: blue from 2022-09-19 00:00 HKT = 2022-09-18T16:00:00Z
  const csv = [
    'kind,from,until,family,recordType,maskedId,maskedName,dob',
    'amber,2022-09-13,2022-09-20,hk-person,VAC,****456(7),CHAN T** M**,15-03-1985',
    'red,2022-09-11T10:30:00+08:00,2022-09-18,hk-person,VAC,****111(1),WONG K** L**,01-01-1990',
  ].join('\n');

  for (const [zone, offset] of Object.entries(ZONES)) {
    it(`TZ=${zone}: CSV dates become the same instants and the colours flip at them`, async () => {
      process.env.TZ = zone;
      // proves the zone really changed for this process
      expect(new Date('2022-09-15T00:00:00Z').getTimezoneOffset()).toBe(offset);
      const parsed = parseEntriesCsv(csv);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const [amber, red] = parsed.entries;
      expect(amber!.hash).toEqual(hkPersonHash({ recordType: 'VAC', maskedId: '****456(7)', maskedName: 'CHAN T** M**', dob: '15-03-1985' }));
      expect(amber!.until).toBe(dayNo('2022-09-20'));
      expect(amber!.from).toBe(Date.parse('2022-09-12T16:00:00Z') / 1000); // 00:00 HKT on 13 Sep
      expect(red!.from).toBe(Date.parse('2022-09-11T02:30:00Z') / 1000);
      expect(red!.until).toBe(Date.parse('2022-09-18T16:00:00Z') / 1000);

      const list = makeList({ entries: parsed.entries });
      expect(await colourAt(list, ALICE, '2022-09-20T00:59:59.999Z')).toBe('amber');
      expect(await colourAt(list, ALICE, '2022-09-20T01:00:00.000Z')).toBe('blue');
      expect(await colourAt(list, ALICE, '2022-09-12T15:59:59.999Z')).toBe('blue');
      expect(await colourAt(list, ALICE, '2022-09-12T16:00:00.000Z')).toBe('amber');
      expect(await colourAt(list, BOB, '2022-09-18T15:59:59.999Z')).toBe('red');
      expect(await colourAt(list, BOB, '2022-09-18T16:00:00.000Z')).toBe('blue');
      expect(await colourAt(list, BOB, '2022-09-11T02:29:59.999Z')).toBe('blue');
    });
  }

  it('instants without a zone are refused in the CSV (they would depend on the machine zone)', () => {
    const r = parseEntriesCsv('kind,from,until,hash\nred,,2022-09-18T10:00:00,00112233445566778899aabbccddeeff\n');
    expect(r.ok).toBe(false);
  });
});
