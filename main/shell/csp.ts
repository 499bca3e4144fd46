// One Content-Security-Policy for both shells: the renderer loads only itself; the camera decoder needs wasm.
// The page may connect to nothing but its own origin: in Electron the API goes over IPC, and the standalone shell
// adds exactly its own WebSocket (the port it serves on), not any port on the machine.
const BASE = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "font-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
];

export const CSP = [...BASE, "connect-src 'self'"].join('; ');

export function standaloneCsp(port: number): string {
  return [...BASE, `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`].join('; ');
}
