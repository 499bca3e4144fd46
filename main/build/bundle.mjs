// Bundles the Node side (CLI, both shells) into dist/main. Dependencies stay in node_modules (native modules
// cannot be bundled); the sandboxed preload is a self-contained CommonJS file, as Electron requires.
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';
import { buildVerifySnapshot } from './verify-snapshot.mjs';
import { setupZodEnglishOnly } from './zod-english-only.mjs';

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', sourcemap: false, legalComments: 'none' };

// Pure-JS packages on the verification path are bundled into the chunks (with what they import): resolving and
// lexing ~300 small files from node_modules was most of `kiosk verify`'s start-up (issue 14). Everything else
// stays in node_modules: native modules, packages that read their own files at run time, and what only servers use.
const INLINE = new Set(['zod', 'ajv', 'ajv-formats', 'cbor-x', 'fflate', 'base45', '@noble/hashes', '@noble/curves',
  '@peculiar/asn1-schema', '@peculiar/asn1-x509', '@peculiar/x509']);
/** never bundled, even when an inlined package imports them: cbor-x's optional native extractor */
const NEVER = new Set(['cbor-extract']);
const packageName = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
const inlinePure = {
  name: 'inline-pure',
  setup(b) {
    setupZodEnglishOnly(b);
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const name = packageName(args.path);
      const fromInlined = args.importer.includes('/node_modules/');
      if (NEVER.has(name) || !(INLINE.has(name) || fromInlined)) return { path: args.path, external: true };
      return undefined;
    });
  },
};

// chunk names change with their contents: the last build's chunks go, or they pile up (and into the package)
rmSync('dist/main/chunks', { recursive: true, force: true });

await Promise.all([
  build({
    ...common,
    format: 'esm',
    plugins: [inlinePure],
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
    // bundled CommonJS packages call require() for Node's built-ins
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __kioskRequire } from 'node:module';\nconst require = __kioskRequire(import.meta.url);" },
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
// `kiosk` (dist/main/kiosk, the package's bin): `kiosk verify` from a start-up snapshot, the rest via cli.mjs
await buildVerifySnapshot();
