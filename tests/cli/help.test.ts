// `--help` works on every `kiosk` command and subcommand: usage on stdout, exit 0, nothing on stderr.
import { describe, expect, it } from 'vitest';
import { main } from '../../main/cli.ts';
import { captureIo } from '../support/cli-io.ts';

const COMMANDS = [
  ['verify'], ['status-list'], ['status-list', 'build'], ['status-list', 'inspect'], ['status-list', 'import'],
  ['status-server'], ['devices'], ['listen'], ['poster'], ['stats'],
];

describe('kiosk --help', () => {
  for (const argv of COMMANDS) {
    for (const flag of ['--help', '-h']) {
      it(`kiosk ${argv.join(' ')} ${flag}`, async () => {
        const c = captureIo();
        const code = await main([...argv, flag], c.io);
        expect(c.err()).toBe('');
        expect(code).toBe(0);
        expect(c.out()).toMatch(/usage/i);
      });
    }
  }
});
