// Entry point of the standalone shell alone (without the Electron check of `npm start`).
import { runStandalone } from './main.ts';

process.exitCode = await runStandalone(process.argv.slice(2));
