import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is built once and served by both shells (Electron's app:// protocol, the standalone HTTP server).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    // font slices stay files: inlined as data: URLs, the CSP (font-src 'self') would block them
    assetsInlineLimit: (file: string) => (file.endsWith('.woff') || file.endsWith('.woff2') ? false : undefined),
  },
  worker: { format: 'es' },
});
