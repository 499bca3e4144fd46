// Builds tests/input/harness with Vite (as the app is built) and serves it with the app's CSP and MIME types.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { SECURITY_HEADERS, serveStatic } from '../../main/shell/standalone/static.ts';

export interface Harness {
  url: string;
  close(): Promise<void>;
}

/** Builds `root` (default: tests/input/harness) and serves it. */
export async function startHarness(root = resolve(__dirname, 'harness')): Promise<Harness> {
  const out = mkdtempSync(join(tmpdir(), 'kiosk-input-harness-'));
  await build({
    configFile: false,
    root,
    base: './',
    logLevel: 'error',
    build: { outDir: out, emptyOutDir: true, target: 'chrome120', sourcemap: false },
    worker: { format: 'es' },
  });
  void SECURITY_HEADERS;
  const server: Server = createServer((req, res) => serveStatic(out, req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/index.html`,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(out, { recursive: true, force: true });
    },
  };
}
