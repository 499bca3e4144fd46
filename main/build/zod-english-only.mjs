// An esbuild plugin: zod's namespace re-exports its ~50 message locales (a third of its code); the kiosk uses
// English only, the default zod registers itself, so `z.locales` holds just that one. (The namespace path is kept
// relative: esbuild prints it verbatim in a comment, and a build path in the bundle would make the Debian package
// differ by where it was built.)
import { dirname, join, relative, resolve } from 'node:path';

export function setupZodEnglishOnly(b) {
  b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
    args.importer.includes('/node_modules/zod/') ? { path: relative(process.cwd(), join(dirname(args.importer), '../locales/en.js')), namespace: 'zod-locales' } : undefined);
  b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => {
    const abs = resolve(process.cwd(), args.path);
    return { contents: `export { default as en } from ${JSON.stringify(abs)};`, resolveDir: dirname(abs), loader: 'js' };
  });
}

export const zodEnglishOnly = { name: 'zod-english-only', setup: setupZodEnglishOnly };
