// The Electron shell: a locked-down full-screen kiosk window around the same core as the standalone shell.
import { app, BrowserWindow, dialog, ipcMain, powerSaveBlocker, session, type WebContents } from 'electron';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch } from '../../api/dispatch.ts';
import type { Session } from '../../kiosk/core.ts';
import { rendererDir } from '../../paths.ts';
import { parseShellArgs } from '../args.ts';
import { startKioskHost, type KioskHost } from '../host.ts';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels.ts';
import { allowNavigation, allowPermission, allowPermissionCheck, APP_ORIGIN, APP_URL, isAppUrl, isBlockedShortcut, kioskWindowOptions, refusedSwitches, shouldReload } from './policy.ts';
import { electronPrinter } from './print.ts';
import { handleAppProtocol, registerAppScheme } from './protocol.ts';

const refused = app.isPackaged ? refusedSwitches(process.argv) : [];
if (refused.length) {
  // a debugging port would hand the kiosk to anyone who can reach it
  process.stderr.write(`kiosk: refusing to start with ${refused.join(' ')} (not allowed in an installed kiosk)\n`);
  app.exit(2);
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A crash of the main process must never end the kiosk for good: start a fresh one, then leave.
  const relaunch = (e: unknown) => {
    process.stderr.write(`kiosk: fatal error, restarting: ${e instanceof Error ? e.message : String(e)}\n`);
    app.relaunch();
    app.exit(1);
  };
  process.on('uncaughtException', relaunch);
  process.on('unhandledRejection', relaunch);
  registerAppScheme();
  app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');
  main().catch((e: unknown) => {
    // a broken trust file or option must say why, not leave a black screen
    process.stderr.write(`kiosk: ${e instanceof Error ? e.message : String(e)}\n`);
    app.exit(2);
  });
}

async function main(): Promise<void> {
  // argv after the app path: [electron, app, ...options]
  const args = parseShellArgs(process.argv.slice(app.isPackaged ? 1 : 2), { lenient: true });
  let win: BrowserWindow | null = null;
  let quitting = false;
  const sessions = new Map<number, Session>();

  // Every web contents ever created (there is only the kiosk window) gets the same lockdown.
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (ev, url) => { if (!allowNavigation(url)) ev.preventDefault(); });
    contents.on('will-redirect', (ev, url) => { if (!allowNavigation(url)) ev.preventDefault(); });
    // frames too (will-navigate covers only the main frame): no subframe may load anything outside the app
    contents.on('will-frame-navigate', (ev) => { if (!allowNavigation(ev.url)) ev.preventDefault(); });
    contents.on('will-attach-webview', (ev) => ev.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  await app.whenReady();
  handleAppProtocol(rendererDir());
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((wc, permission, callback, details) => {
    const types = 'mediaTypes' in details ? (details.mediaTypes as string[] | undefined) : undefined;
    callback(allowPermission(permission, details.requestingUrl || wc.getURL(), types));
  });
  ses.setPermissionCheckHandler((_wc, permission, origin) => allowPermissionCheck(permission, origin));
  ses.setDevicePermissionHandler(() => false);
  // The only download is the operator's CSV export of the counts (a blob from the app): it goes to DATA/exports.
  ses.on('will-download', (ev, item) => {
    if (!item.getURL().startsWith(`blob:${APP_ORIGIN}/`)) return ev.preventDefault();
    const name = item.getFilename().replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || 'export.csv';
    mkdirSync(join(args.dataDir, 'exports'), { recursive: true });
    item.setSavePath(join(args.dataDir, 'exports', name));
  });

  const host: KioskHost = await startKioskHost(args, 'electron', {
    printer: electronPrinter(() => win?.webContents ?? null),
    onExit: () => { quitting = true; app.quit(); },
    // a colour list on any medium: the system's dialog, the operator's own choice (the core still checks it fully)
    pickListFile: async () => {
      const opts = { title: 'Colour list', properties: ['openFile' as const], filters: [{ name: 'Colour list', extensions: ['json'] }] };
      const r = win && !win.isDestroyed() ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
      return r.canceled ? null : r.filePaths[0] ?? null;
    },
  });

  ipcMain.handle(CALL_CHANNEL, async (ev, raw: unknown) => {
    if (!isAppUrl(ev.senderFrame?.url ?? '')) return { id: -1, ok: false, error: { code: 'forbidden', message: 'not the kiosk page' } };
    let s = sessions.get(ev.sender.id);
    if (!s) {
      s = host.core.openSession();
      const id = ev.sender.id;
      sessions.set(id, s);
      // a closed window's session (its operator login) must not outlive it
      ev.sender.once('destroyed', () => {
        sessions.get(id)?.close();
        sessions.delete(id);
      });
    }
    return dispatch(raw, s.handlers, s);
  });
  host.core.onEvent((env) => {
    if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, env);
  });

  powerSaveBlocker.start('prevent-display-sleep');

  const createWindow = () => {
    win = new BrowserWindow(kioskWindowOptions(join(import.meta.dirname, 'preload.cjs'), app.isPackaged));
    const wc: WebContents = win.webContents;
    wc.on('before-input-event', (ev, input) => { if (isBlockedShortcut(input)) ev.preventDefault(); });
    wc.on('render-process-gone', (_ev, details) => {
      sessions.get(wc.id)?.close();
      sessions.delete(wc.id);
      if (shouldReload(details.reason)) setTimeout(() => { if (win && !win.isDestroyed()) wc.reload(); }, 500);
    });
    wc.on('unresponsive', () => wc.forcefullyCrashRenderer());
    win.on('close', (ev) => { if (!quitting) ev.preventDefault(); }); // only the operator's exit closes the kiosk
    win.once('ready-to-show', () => win?.show());
    void win.loadURL(APP_URL);
  };
  createWindow();

  app.on('second-instance', () => { win?.focus(); });
  app.on('before-quit', () => { quitting = true; });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => { void host.close(); });
}
