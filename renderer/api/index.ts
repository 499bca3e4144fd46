// One way for the renderer to reach the core: window.kiosk in Electron (preload), else the standalone WebSocket.
import type { KioskApi } from '../../main/api/contract.ts';
import { createWsClient } from './ws-client.ts';

declare global {
  interface Window { kiosk?: KioskApi }
}

let api: KioskApi | null = null;

/** The token arrives once in the URL fragment (never sent to a server log) and is then kept for this page only. */
function standaloneUrl(): string {
  const hash = new URLSearchParams(location.hash.slice(1));
  const token = hash.get('token') ?? sessionStorage.getItem('kiosk-token') ?? '';
  if (hash.has('token')) {
    sessionStorage.setItem('kiosk-token', token);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/api?token=${encodeURIComponent(token)}`;
}

export function getKioskApi(): KioskApi {
  if (api) return api;
  api = window.kiosk ?? createWsClient(standaloneUrl());
  return api;
}
