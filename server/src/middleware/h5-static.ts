import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import serve from 'koa-static';

/** Serves the mini-program's H5 build, when it has been built; API routes are matched before it. */
export function h5Static(dir: string): Middleware | undefined {
  if (!existsSync(path.join(dir, 'index.html'))) return undefined;
  return serve(dir, { index: 'index.html', maxage: 0, gzip: false, brotli: false }) as Middleware;
}
