// `kiosk fleet keygen|enrol|config|acl`: the fleet's key, a kiosk's enrolment, signed configuration, broker ACLs.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../paths.ts';
import { enrol } from '../fleet/enrolment.ts';
import { CentralSettings } from '../fleet/messages.ts';
import { generateFleetKey, signConfig } from '../fleet/signing.ts';
import { checkId, configTopic, kioskTopics } from '../fleet/topics.ts';

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin: NodeJS.ReadableStream };

const USAGE = `Usage:
  kiosk fleet keygen --out DIR
      writes DIR/fleet-key.pem (private: keep it off brokers and kiosks) and DIR/fleet-key.pub.pem
  kiosk fleet enrol --broker URL --site S --kiosk-id K --fleet-key PUB.pem [--user U --password-file F] [--ca CA.pem] [--data-dir DIR]
      writes DATA_DIR/fleet.json (mode 0600); the kiosk joins the fleet at its next start
  kiosk fleet config --key PRIVATE.pem --site S [--kiosk K] --version N --settings JSON [--trust FILE]... [--rules FILE]...
                    [--broker URL [--user U --password-file F]] [--out FILE]
      signs a configuration (ES256) and publishes it retained to fleet/v1/S[/K]/config (or writes it to FILE);
      --trust: trust stores that replace the kiosks' own; --rules: rule files (stages) added to the built-in ones
  kiosk fleet acl --site S --kiosk-id K
      prints the Mosquitto ACL lines that let kiosk K (broker user S.K) publish only its own topics
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        out: { type: 'string' }, broker: { type: 'string' }, site: { type: 'string' }, 'kiosk-id': { type: 'string' }, kiosk: { type: 'string' },
        'fleet-key': { type: 'string' }, user: { type: 'string' }, 'password-file': { type: 'string' }, ca: { type: 'string' },
        'data-dir': { type: 'string' }, key: { type: 'string' }, version: { type: 'string' }, settings: { type: 'string' }, trust: { type: 'string', multiple: true }, rules: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    io.stderr.write(`kiosk fleet: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!sub || values.help || sub === 'help') {
    io.stdout.write(USAGE);
    return sub ? 0 : 2;
  }
  const fail = (msg: string, code = 2): number => { io.stderr.write(`kiosk fleet ${sub}: ${msg}\n`); return code; };
  try {
    if (sub === 'keygen') {
      if (!values.out) return fail('--out DIR is required');
      const k = generateFleetKey();
      writeFileSync(join(values.out, 'fleet-key.pem'), k.privatePem, { mode: 0o600 });
      writeFileSync(join(values.out, 'fleet-key.pub.pem'), k.publicPem);
      io.stdout.write(`wrote ${join(values.out, 'fleet-key.pem')} (private) and ${join(values.out, 'fleet-key.pub.pem')} (for enrolment)\n`);
      return 0;
    }
    if (sub === 'enrol') {
      if (!values.broker || !values.site || !values['kiosk-id']) return fail('--broker, --site and --kiosk-id are required');
      // the operator screen's enrolment takes the same path (fleetEnrol -> enrol)
      const r = enrol(values['data-dir'] ?? defaultDataDir(), {
        broker: values.broker, site: checkId('site', values.site), kioskId: checkId('kiosk id', values['kiosk-id']),
        ...(values.user ? { username: values.user } : {}),
        ...(values['password-file'] ? { password: readFileSync(values['password-file'], 'utf8').trim() } : {}),
        ...(values['fleet-key'] ? { fleetPublicKey: readFileSync(values['fleet-key'], 'utf8') } : {}),
        ...(values.ca ? { ca: readFileSync(values.ca, 'utf8') } : {}),
      });
      if (!r.ok) return fail(r.detail, 1);
      const p = r.path;
      io.stdout.write(`enrolled ${values.site}/${values['kiosk-id']} with ${values.broker}${values['fleet-key'] ? '' : ' (no fleet key: central configuration will be refused)'}; wrote ${p}\n`);
      return 0;
    }
    if (sub === 'config') {
      if (!values.key || !values.site || !values.version || !(values.settings || values.trust || values.rules)) return fail('--key, --site, --version and --settings (or --trust / --rules) are required');
      const version = Number(values.version);
      if (!Number.isSafeInteger(version) || version < 1) return fail('--version must be a positive integer (higher than the last one)');
      const settings = CentralSettings.safeParse(JSON.parse(values.settings ?? '{}'));
      if (!settings.success) return fail(`--settings: ${settings.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      // a file name becomes the name on the kiosk (DATA/fleet-managed/.../NAME.json)
      const named = (f: string) => basename(f).replace(/\.json$/i, '').toLowerCase().replace(/[^a-z0-9_-]/g, '-').slice(0, 60);
      const trustStores = (values.trust ?? []).map((f) => ({ name: named(f), store: JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown> }));
      const ruleFiles = (values.rules ?? []).map((f) => ({ name: named(f), rules: JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown> }));
      const signed = signConfig({
        v: 1, site: values.site, ...(values.kiosk ? { kiosk: values.kiosk } : {}), version, issuedAt: new Date().toISOString(), settings: settings.data,
        ...(trustStores.length ? { trustStores } : {}), ...(ruleFiles.length ? { ruleFiles } : {}),
      }, readFileSync(values.key, 'utf8'));
      const topic = configTopic(values.site, values.kiosk);
      if (values.out) {
        writeFileSync(values.out, signed);
        io.stdout.write(`wrote the signed configuration for ${topic} to ${values.out}\n`);
        return 0;
      }
      if (!values.broker) return fail('--broker URL (or --out FILE) is required');
      const { default: mqtt } = await import('mqtt');
      const c = await mqtt.connectAsync(values.broker, {
        protocolVersion: 4, connectTimeout: 10_000, reconnectPeriod: 0,
        ...(values.user ? { username: values.user } : {}),
        ...(values['password-file'] ? { password: readFileSync(values['password-file'], 'utf8').trim() } : {}),
      });
      try {
        await c.publishAsync(topic, signed, { qos: 1, retain: true });
      } finally {
        await c.endAsync();
      }
      io.stdout.write(`published configuration version ${version} to ${topic} (retained)\n`);
      return 0;
    }
    if (sub === 'acl') {
      if (!values.site || !values['kiosk-id']) return fail('--site and --kiosk-id are required');
      const t = kioskTopics(values.site, values['kiosk-id']);
      io.stdout.write([
        `user ${values.site}.${values['kiosk-id']}`,
        `topic write ${t.counts}`, `topic write ${t.health}`, `topic write ${t.online}`,
        `topic read ${t.siteConfig}`, `topic read ${t.kioskConfig}`, '',
      ].join('\n'));
      return 0;
    }
    return fail(`unknown subcommand "${sub}"\n${USAGE}`);
  } catch (e) {
    return fail((e as Error).message, 1);
  }
}
