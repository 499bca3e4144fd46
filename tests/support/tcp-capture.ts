// A TCP proxy on 127.0.0.1 that records every byte a client sends upstream: what a kiosk really put on the wire.
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpCapture {
  port: number;
  /** everything clients sent, per connection, in order */
  sent(): Buffer[];
  /** closes every proxied connection (the clients see the broker go away) */
  dropAll(): void;
  close(): Promise<void>;
}

export async function startTcpCapture(upstreamPort: number): Promise<TcpCapture> {
  const conns: Buffer[][] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const chunks: Buffer[] = [];
    conns.push(chunks);
    const up = connect(upstreamPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(up);
    client.on('data', (d) => { chunks.push(Buffer.from(d)); up.write(d); });
    up.on('data', (d) => client.write(d));
    const end = () => { client.destroy(); up.destroy(); sockets.delete(client); sockets.delete(up); };
    client.on('close', end);
    up.on('close', end);
    client.on('error', end);
    up.on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    sent: () => conns.map((c) => Buffer.concat(c)),
    dropAll: () => { for (const s of sockets) s.destroy(); },
    close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}
