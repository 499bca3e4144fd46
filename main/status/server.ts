// The reference status server (`kiosk status-server`): serves one list file with an ETag (If-None-Match -> 304)
// and answers online lookups from it, signed with the status authority's key (over the kiosk's nonce, the list
// version and the entries) so that a kiosk can tell its answers from anyone else's. Loopback only: it is for tests, demos and a venue's own back office, and an
// authority's real service would sit behind TLS. It never logs a hash or a request body.
import { createHash, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { entriesFor } from '../verify/status/evaluate.ts';
import { loadUnverified, type StatusList } from '../verify/status/format.ts';
import { fromHex } from '../verify/status/identity.ts';
import { LOOKUP_FORMAT, LOOKUP_FORMAT_VERSION, LookupRequest, MAX_LOOKUP_REQUEST_BYTES, type LookupResponse, type UnsignedLookupResponse } from '../verify/status/online.ts';
import { signLookupAnswer } from './build.ts';
import { nodeSha256 } from './node-crypto.ts';
import { fileStamp, readTextCapped } from './store.ts';

export interface StatusServer {
  url: string;
  port: number;
  /** GET this for the list */
  listUrl: string;
  /** POST hashes here */
  lookupUrl: string;
  version(): number;
  close(): Promise<void>;
}

interface Served {
  body: Buffer;
  etag: string;
  list: StatusList;
  stamp: string | null;
}

const LIST_PATHS = new Set(['/', '/status-list.json', '/list']);

async function loadServed(path: string, maxBytes: number): Promise<Served | string> {
  const stamp = fileStamp(path);
  const r = await readTextCapped(path, maxBytes);
  if (!r.ok) return `cannot read the list: ${r.error}`;
  const l = loadUnverified(r.text, { maxBytes, sha256: nodeSha256 });
  if (!l.ok) return `not a status list: ${l.error}${l.detail ? ` (${l.detail})` : ''}`;
  const body = Buffer.from(r.text, 'utf8');
  const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
  return { body, etag, list: l.list, stamp };
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/** Starts the server on 127.0.0.1 (port 0 = any free port). Rejects when the list file is unusable. */
/** `key`: the status authority's ECDSA P-256 private key; without it the server serves the list but answers no lookups. */
export async function startStatusServer(opts: { listPath: string; port?: number; maxListBytes?: number; key?: KeyObject }): Promise<StatusServer> {
  const maxBytes = opts.maxListBytes ?? 64 * 1024 * 1024;
  const first = await loadServed(opts.listPath, maxBytes);
  if (typeof first === 'string') throw new Error(first);
  let served: Served = first;

  // the file may be replaced while serving (a new version): re-read it when its size or mtime changes
  async function current(): Promise<Served> {
    const stamp = fileStamp(opts.listPath);
    if (stamp !== null && stamp !== served.stamp) {
      const next = await loadServed(opts.listPath, maxBytes);
      if (typeof next !== 'string') served = next;
      else served = { ...served, stamp }; // keep serving the last good list
    }
    return served;
  }

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const path = (req.url ?? '/').split('?')[0]!;
        if (LIST_PATHS.has(path)) {
          if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'method not allowed' });
          const s = await current();
          if (etagMatches(req.headers['if-none-match'], s.etag)) {
            res.writeHead(304, { etag: s.etag, 'cache-control': 'no-cache' });
            return res.end();
          }
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': s.body.length, etag: s.etag, 'cache-control': 'no-cache' });
          return res.end(req.method === 'HEAD' ? undefined : s.body);
        }
        if (path === '/lookup') {
          if (req.method !== 'POST') return json(res, 405, { error: 'method not allowed' });
          const body = await readBody(req, MAX_LOOKUP_REQUEST_BYTES);
          if (!body) return json(res, 413, { error: 'request too large' });
          let parsed;
          try {
            parsed = LookupRequest.safeParse(JSON.parse(body.toString('utf8')));
          } catch {
            return json(res, 400, { error: 'not JSON' });
          }
          if (!parsed.success) return json(res, 400, { error: 'expected {"hashes": [32 hex digits, ...], "nonce": 32 hex digits}' });
          if (!opts.key) return json(res, 503, { error: 'lookups need the authority key (kiosk status-server --key KEY.pem)' });
          const s = await current();
          const entries: LookupResponse['entries'] = [];
          for (const hex of parsed.data.hashes) {
            for (const e of entriesFor(s.list.table, [fromHex(hex)!])) entries.push({ hash: hex, ...e });
          }
          const h = s.list.header;
          const unsigned: UnsignedLookupResponse = {
            format: LOOKUP_FORMAT, formatVersion: LOOKUP_FORMAT_VERSION, authority: h.authority, nonce: parsed.data.nonce,
            listId: h.listId, listVersion: h.version, issuedAt: h.issuedAt, expiresAt: h.expiresAt, entries, alg: 'ES256',
          };
          return json(res, 200, signLookupAnswer(unsigned, opts.key));
        }
        return json(res, 404, { error: 'not found' });
      } catch {
        if (!res.headersSent) json(res, 500, { error: 'internal error' });
        else res.destroy();
      }
    })();
  });
  server.keepAliveTimeout = 2000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    listUrl: `${url}/status-list.json`,
    lookupUrl: `${url}/lookup`,
    version: () => served.list.header.version,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

