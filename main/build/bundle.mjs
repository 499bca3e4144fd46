// Bundles the Node side (CLI, both shells) into dist/main. Dependencies stay in node_modules (native modules
// cannot be bundled); the sandboxed preload is a self-contained CommonJS file, as Electron requires.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', sourcemap: false, legalComments: 'none' };

await Promise.all([
  build({
    ...common,
    format: 'esm',
    packages: 'external',
    // code splitting: a command's dynamic import() is its own chunk, so `kiosk verify` never loads pdfkit,
    // serialport or better-sqlite3 (each chunk imports only the packages it uses)
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    entryPoints: {
      cli: 'main/cli.ts',
      start: 'main/shell/start.ts',
      standalone: 'main/shell/standalone/entry.ts',
      'electron-main': 'main/shell/electron/main.ts',
    },
    outdir: 'dist/main',
    outExtension: { '.js': '.mjs' },
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({
    ...common,
    format: 'cjs',
    external: ['electron'],
    entryPoints: { preload: 'main/shell/electron/preload.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.cjs' },
  }),
]);
chmodSync('dist/main/cli.mjs', 0o755);
