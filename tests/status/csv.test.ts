import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEntriesCsv } from '../../main/status/build.ts';
import { parseCsv } from '../../main/status/csv.ts';
import { nodeVerifier } from '../../main/status/node-crypto.ts';
import { loadStatusList } from '../../main/verify/status/format.ts';
import { demoTrust, h16, makeList } from './helpers.ts';

describe('CSV (RFC 4180)', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF or LF, and a BOM', () => {
    expect(parseCsv('\ufeffa,b\r\n"x, y","say ""hi""\nthere"\nlast,\n')).toEqual({
      ok: true, rows: [['a', 'b'], ['x, y', 'say "hi"\nthere'], ['last', '']],
    });
    expect(parseCsv('a,b\n\n\nc,d')).toEqual({ ok: true, rows: [['a', 'b'], ['c', 'd']] });
  });

  it('refuses broken quoting with the line number', () => {
    expect(parseCsv('a\n"open')).toEqual({ ok: false, error: 'line 2: unterminated quote' });
    expect(parseCsv('a\n"x"y')).toMatchObject({ ok: false, error: expect.stringMatching(/^line 2/) });
    expect(parseCsv('a\nx"y"')).toMatchObject({ ok: false, error: expect.stringMatching(/^line 2/) });
  });

  it('entries: hash column, every family, and errors naming line and column only', () => {
    const r = parseEntriesCsv([
      'kind,until,hash,family,uci,country,iss,rid,signature',
      'revoked,,00112233445566778899aabbccddeeff,,,,,,',
      'revoked,,,eu-uci,URN:UVCI:01:XX:DEMO1,,,,',
      'revoked,,,eu-countryuci,URN:UVCI:01:XX:DEMO1,XX,,,',
      'revoked,,,shc,,,https://demo.example,r1,',
      `revoked,,,eu-signature,,,,,${Buffer.alloc(64, 1).toString('base64')}`,
    ].join('\n'));
    if (!r.ok) throw new Error(r.error);
    expect(r.entries.map((e) => Buffer.from(e.hash).toString('hex'))).toEqual([
      '00112233445566778899aabbccddeeff',
      Buffer.from(h16('URN:UVCI:01:XX:DEMO1')).toString('hex'),
      Buffer.from(h16('XXURN:UVCI:01:XX:DEMO1')).toString('hex'),
      Buffer.from(h16('shc-rid/1|https://demo.example|r1')).toString('hex'),
      Buffer.from(h16(Buffer.alloc(32, 1))).toString('hex'),
    ]);
    expect(r.entries.every((e) => e.kind === 'revoked' && e.from === 0 && e.until === 0)).toBe(true);
    expect(parseEntriesCsv('kind,until,hash\npurple,,00112233445566778899aabbccddeeff')).toMatchObject({ ok: false, error: expect.stringMatching(/line 2: kind/) });
    expect(parseEntriesCsv('kind,until,hash\namber,,00112233445566778899aabbccddeeff')).toMatchObject({ ok: false, error: expect.stringMatching(/line 2: until/) });
    expect(parseEntriesCsv('kind,until,hash\nred,2022-02-30,00112233445566778899aabbccddeeff')).toMatchObject({ ok: false, error: expect.stringMatching(/line 2: until/) });
    expect(parseEntriesCsv('kind,until,hash\nrevoked,,0011')).toMatchObject({ ok: false, error: expect.stringMatching(/line 2: hash/) });
    expect(parseEntriesCsv('until\n')).toMatchObject({ ok: false });
    expect(parseEntriesCsv('')).toMatchObject({ ok: false });
  });
});

describe('robustness: damaged lists never throw', () => {
  const trust = demoTrust();
  const good = makeList({ version: 2, entries: [{ hash: h16('a'), kind: 'red', from: 0, until: 0 }] });

  it('random byte edits, cuts and arbitrary text give a clean rejection', async () => {
    await fc.assert(fc.asyncProperty(
      fc.oneof(
        fc.tuple(fc.nat(good.length - 1), fc.string({ minLength: 1, maxLength: 3 })).map(([i, s]) => good.slice(0, i) + s + good.slice(i + s.length)),
        fc.nat(good.length - 1).map((i) => good.slice(0, i)),
        fc.string({ maxLength: 300 }),
        fc.json().map((j) => j),
      ),
      async (text) => {
        const r = await loadStatusList(text, trust, nodeVerifier);
        // an edit may by chance leave the document equivalent (e.g. white space); otherwise it must be refused
        if (r.ok) expect(r.list.header.version).toBe(2);
        else expect(typeof r.error).toBe('string');
      },
    ), { numRuns: 300 });
  });
});
