// The I/O side of code colour and revocation: what the kiosk core and the CLI import.
export { createColourResolver, importStatusListFile, describeRejection, DEFAULT_FETCH_TIMEOUT_MS, DEFAULT_LOOKUP_TIMEOUT_MS } from './resolver.ts';
export type { ColourResolverOptions, ImportResult } from './resolver.ts';
export { startStatusServer } from './server.ts';
export type { StatusServer } from './server.ts';
export { buildStatusList } from './build.ts';
