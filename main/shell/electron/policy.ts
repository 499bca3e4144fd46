// The Electron shell's lockdown as data and pure decisions, so that tests (and the lockdown audit) can check
// them without the Electron binary. main.ts applies exactly these.
import type { BrowserWindowConstructorOptions, Input } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

export function kioskWindowOptions(preloadPath: string, packaged: boolean): BrowserWindowConstructorOptions {
  return {
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: '#10151c',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !packaged,
      safeDialogs: true,
      autoplayPolicy: 'no-user-gesture-required',
    },
  };
}

/** Only the app's own pages may load in the kiosk window. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Navigation away from the app is denied, whatever the link, redirect or drag-and-drop. */
export const allowNavigation = (url: string): boolean => isAppUrl(url);

/**
 * Permission policy: the camera (video only) for the app's own origin; nothing else for anyone.
 * `mediaTypes` comes from Electron's details for 'media' requests.
 */
export function allowPermission(permission: string, requestingUrl: string, mediaTypes?: readonly string[]): boolean {
  if (permission !== 'media') return false;
  if (!isAppUrl(requestingUrl)) return false;
  if (mediaTypes && mediaTypes.some((t) => t !== 'video')) return false;
  return true;
}

/** Permission checks (synchronous queries) follow the same rule, without media types. */
export function allowPermissionCheck(permission: string, requestingOrigin: string): boolean {
  return permission === 'media' && isAppUrl(requestingOrigin.endsWith('/') ? requestingOrigin : `${requestingOrigin}/`);
}

/** Keyboard escapes a curious customer could try: reload, devtools, close, quit, full-screen toggles, zoom, print. */
export function isBlockedShortcut(input: Pick<Input, 'key' | 'control' | 'meta' | 'alt' | 'shift' | 'type'>): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  const mod = input.control || input.meta;
  if (['f5', 'f11', 'f12', 'f7'].includes(key)) return true;
  if (input.alt && ['f4', 'arrowleft', 'arrowright', 'home'].includes(key)) return true;
  if (mod && ['r', 'w', 'q', 'n', 't', 'p', 's', 'o', 'l', 'u', '+', '-', '=', '0', 'j', 'h', 'f4'].includes(key)) return true;
  if (mod && input.shift && ['i', 'j', 'c', 'r', 'delete'].includes(key)) return true;
  return false;
}

/** Renderer deaths that are recovered by reloading the page (state lives in the core, so nothing is lost). */
export function shouldReload(reason: string): boolean {
  return reason !== 'clean-exit';
}

/**
 * Command-line switches a packaged kiosk refuses to start with: each opens the app to whoever can reach the
 * port or pipe (DevTools protocol, Node inspector), which would undo the whole lockdown.
 */
export function refusedSwitches(argv: readonly string[]): string[] {
  return argv.filter((a) => /^--(remote-debugging-(port|pipe|address)|remote-allow-origins|inspect(-brk|-port|-publish-uid)?|js-flags)(=|$)/.test(a));
}
