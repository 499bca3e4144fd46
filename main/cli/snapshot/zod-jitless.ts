// Imported first by the verify snapshot, before any schema exists: zod decides per schema, when it is built,
// whether to compile a fast path with `new Function`. A one-shot command parses each file once, so the compile
// costs more than it saves (~18 ms of `kiosk verify`'s start-up, issue 14).
import { z } from 'zod';

z.config({ jitless: true });
