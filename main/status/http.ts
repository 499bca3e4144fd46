// One small HTTP client for list downloads and online lookups: an overall deadline (not an idle timeout, so a
// server trickling one byte a second still times out), a size cap enforced while reading, truncation detected
// against Content-Length, no connection reuse (nothing lingers after close()).
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export class HttpError extends Error {
  constructor(readonly code: 'timeout' | 'unreachable' | 'oversized' | 'truncated' | 'bad-url' | 'aborted' | 'http', message: string) {
    super(message);
  }
}

export function send(opts: {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    let u: URL;
    try {
      u = new URL(opts.url);
    } catch {
      reject(new HttpError('bad-url', 'not a URL'));
      return;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      reject(new HttpError('bad-url', 'only http and https URLs'));
      return;
    }
    if (opts.signal?.aborted) {
      reject(new HttpError('aborted', 'aborted'));
      return;
    }
    let done = false;
    const finish = (err: HttpError | null, res?: HttpResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(res!);
    };
    const onAbort = () => finish(new HttpError('aborted', 'aborted'));
    const timer = setTimeout(() => finish(new HttpError('timeout', `no complete answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    const body = opts.body === undefined ? undefined : Buffer.from(opts.body, 'utf8');
    const headers: Record<string, string> = { ...opts.headers, connection: 'close' };
    if (body) headers['content-length'] = String(body.length);
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, { method: opts.method, headers, agent: false }, (res) => {
      const declared = res.headers['content-length'] !== undefined ? Number(res.headers['content-length']) : undefined;
      if (declared !== undefined && (!Number.isFinite(declared) || declared > opts.maxBytes)) {
        finish(new HttpError('oversized', `answer larger than ${opts.maxBytes} bytes`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > opts.maxBytes) finish(new HttpError('oversized', `answer larger than ${opts.maxBytes} bytes`));
        else chunks.push(c);
      });
      res.on('aborted', () => finish(new HttpError('truncated', 'connection closed before the answer was complete')));
      res.on('error', () => finish(new HttpError('truncated', 'connection closed before the answer was complete')));
      res.on('end', () => {
        if (!res.complete || (declared !== undefined && size !== declared)) {
          finish(new HttpError('truncated', 'connection closed before the answer was complete'));
          return;
        }
        finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks, size) });
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      finish(new HttpError('unreachable', e.code === 'ECONNREFUSED' ? 'connection refused' : `network error (${e.code ?? 'unknown'})`));
    });
    opts.signal?.addEventListener('abort', onAbort);
    req.end(body);
  });
}

export function describeHttpError(e: unknown): string {
  if (e instanceof HttpError) return e.code === 'http' ? e.message : `${e.code}: ${e.message}`;
  return 'network error';
}
