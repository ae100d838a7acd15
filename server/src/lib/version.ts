import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The server package version, read once at start-up. */
export const version: string = (
  JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string }
).version;
