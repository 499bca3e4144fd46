// Silent printing from Electron: the poster rendered as a page in a hidden window, printed to the chosen printer.
import { BrowserWindow, type WebContents } from 'electron';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Printer } from '../../kiosk/core.ts';

export function electronPrinter(contents: () => WebContents | null): Printer {
  return {
    async listPrinters() {
      const wc = contents();
      if (!wc) return [];
      const list = await wc.getPrintersAsync();
      return list.map((p) => ({ name: p.name, isDefault: Boolean((p as { isDefault?: boolean }).isDefault) }));
    },
    async printPdf(pdf, printer) {
      const dir = mkdtempSync(join(tmpdir(), 'kiosk-print-'));
      const file = join(dir, 'poster.pdf');
      const win = new BrowserWindow({
        show: false,
        webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, plugins: true },
      });
      try {
        writeFileSync(file, pdf);
        await win.loadURL(pathToFileURL(file).toString());
        return await new Promise<{ ok: boolean; error?: string }>((resolve) => {
          win.webContents.print(
            { silent: true, printBackground: true, ...(printer ? { deviceName: printer } : {}), pageSize: 'A4' },
            (ok, reason) => resolve(ok ? { ok: true } : { ok: false, error: reason || 'printing failed' }),
          );
        });
      } catch (e) {
        return { ok: false, error: (e as Error).message };
      } finally {
        win.destroy();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
