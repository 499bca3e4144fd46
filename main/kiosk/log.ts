// Operational log: device, sync and fault messages only. Never a payload, name, ID or verdict detail.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

const MAX_LOG_BYTES = 2 * 1024 * 1024;

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export function createLogger(dataDir: string | null, echo = true): Logger {
  const dir = dataDir ? join(dataDir, 'logs') : null;
  const file = dir ? join(dir, 'kiosk.log') : null;
  let broken = false;
  const write = (level: string, msg: string) => {
    const line = `${new Date().toISOString()} ${level} ${msg.replace(/[\r\n]+/g, ' ').slice(0, 500)}\n`;
    if (echo) process.stderr.write(line);
    if (!file || broken) return;
    try {
      mkdirSync(dir!, { recursive: true });
      try {
        if (statSync(file).size > MAX_LOG_BYTES) renameSync(file, `${file}.1`);
      } catch { /* no file yet */ }
      appendFileSync(file, line);
    } catch {
      broken = true; // a full or read-only disk must not take the kiosk down
    }
  };
  return { info: (m) => write('INFO', m), warn: (m) => write('WARN', m), error: (m) => write('ERROR', m) };
}
