// Silent printing from Electron: the poster as a self-contained page (QR as SVG, fonts embedded) in a hidden,
// sandboxed window, printed to the chosen system printer. webContents.print prints pages, not PDF bytes.
import { BrowserWindow, type WebContents } from 'electron';
import type { Printer } from '../../kiosk/core.ts';
import { renderPosterHtml } from '../../venue/poster-html.ts';

export function electronPrinter(contents: () => WebContents | null): Printer {
  return {
    async listPrinters() {
      const wc = contents();
      if (!wc) return [];
      const list = await wc.getPrintersAsync();
      return list.map((p) => ({ name: p.name, isDefault: Boolean((p as { isDefault?: boolean }).isDefault) }));
    },
    async printPoster(job, printer) {
      const html = await renderPosterHtml(job.venue, { size: job.size, date: job.date });
      const win = new BrowserWindow({
        show: false,
        webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
      });
      try {
        await win.loadURL(`data:text/html;base64,${Buffer.from(html).toString('base64')}`);
        return await new Promise<{ ok: boolean; error?: string }>((resolve) => {
          win.webContents.print(
            { silent: true, printBackground: true, ...(printer ? { deviceName: printer } : {}), pageSize: job.size === 'a5' ? 'A5' : 'A4' },
            (ok, reason) => resolve(ok ? { ok: true } : { ok: false, error: reason || 'printing failed' }),
          );
        });
      } catch (e) {
        return { ok: false, error: (e as Error).message };
      } finally {
        win.destroy();
      }
    },
  };
}
