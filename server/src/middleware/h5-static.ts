import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import serve from 'koa-static';

/** Serves the mini-program's H5 build, when it has been built; API routes are matched before it. */
export function h5Static(dir: string): Middleware | undefined {
  if (!existsSync(path.join(dir, 'index.html'))) return undefined;
  return serve(dir, { index: 'index.html', maxage: 0, gzip: false, brotli: false }) as Middleware;
}

/** Serves the command-centre console's build under /console/ (its data comes from /api/v1/stats). */
export function consoleStatic(dir: string): Middleware | undefined {
  if (!existsSync(path.join(dir, 'index.html'))) return undefined;
  const files = serve(dir, { index: 'index.html', maxage: 0, gzip: false, brotli: false }) as Middleware;
  return async (ctx, next) => {
    if (ctx.path === '/console') return ctx.redirect('/console/');
    if (!ctx.path.startsWith('/console/')) return next();
    const original = ctx.path;
    ctx.path = ctx.path.slice('/console'.length);
    try {
      await files(ctx, async () => undefined);
    } finally {
      ctx.path = original;
    }
    if (ctx.status === 404 && !ctx.body) return next();
  };
}
