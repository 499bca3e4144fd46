// Shared by the screens end-to-end tests: a persistent API connection (operator session), scans, screenshots,
// and the words the screens must show (read from the translation files, the spec of the texts).
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type WebSocket from 'ws';
import { connect } from '../../support/api-client.ts';
import type { RunningKiosk } from '../../support/kiosk-server.ts';
import en from '../../../renderer/i18n/en.json';
import zh from '../../../renderer/i18n/zh-Hant.json';

export const SHOTS = 'test-output/screens';

type Tree = { [k: string]: string | Tree };
function get(tree: Tree, key: string): string {
  const v = key.split('.').reduce<string | Tree | undefined>((n, p) => (n && typeof n === 'object' ? n[p] : undefined), tree);
  if (typeof v !== 'string') throw new Error(`no translation ${key}`);
  return v;
}
export const text = {
  en: (key: string) => get(en as unknown as Tree, key),
  zh: (key: string) => get(zh as unknown as Tree, key),
};

export interface Rpc { call<T = unknown>(method: string, params?: unknown): Promise<T>; close(): void }

/** One API connection kept open: the operator session lives as long as it does. Events are ignored. */
export async function rpc(kiosk: RunningKiosk): Promise<Rpc> {
  const ws: WebSocket = await connect(kiosk);
  let id = 1;
  const waiting = new Map<number, (m: { ok: boolean; result?: unknown; error?: { message: string } }) => void>();
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as { id?: number; ok: boolean; result?: unknown; error?: { message: string } };
    if (typeof m.id === 'number') { waiting.get(m.id)?.(m); waiting.delete(m.id); }
  });
  return {
    call<T>(method: string, params: unknown = {}): Promise<T> {
      const my = id++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(my, (m) => (m.ok ? resolve(m.result as T) : reject(new Error(`${method}: ${m.error?.message}`))));
        ws.send(JSON.stringify({ id: my, method, params }));
      });
    },
    close: () => ws.close(),
  };
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const vp = page.viewportSize();
  await page.screenshot({ path: `${SHOTS}/${name}-${vp?.width}x${vp?.height}.png` });
}

let unique = 0;
/** A record reference no other scan in this run used (the core may count a repeated pass once). */
export function ref(prefix = 'E2E'): string {
  unique++;
  return `${prefix}${String(Date.now() % 1e8).padStart(8, '0')}${String(unique).padStart(4, '0')}`;
}
