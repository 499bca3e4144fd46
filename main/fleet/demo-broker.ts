// An in-process MQTT broker (Aedes) for `fleet-collector --demo`: a trial at one site with nothing installed.
// Production uses Mosquitto (or a clustered broker); see docs/fleet.md.
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';

export async function startDemoBroker(port: number, host = '127.0.0.1'): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const { Aedes } = await import('aedes');
  const broker = await Aedes.createBroker();
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const p = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://${host}:${p}`,
    port: p,
    close: () => new Promise((r) => broker.close(() => server.close(() => r()))),
  };
}
