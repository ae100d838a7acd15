import type { Middleware } from 'koa';
import helmet from 'koa-helmet';

/** Conservative security headers; the H5 app needs inline styles and blob:/data: media, nothing from other origins. */
export function securityHeaders(): Middleware {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'media-src': ["'self'", 'data:', 'blob:'],
        'style-src': ["'self'", "'unsafe-inline'"],
        'script-src': ["'self'"],
        'connect-src': ["'self'", 'blob:'],
      },
    },
    crossOriginEmbedderPolicy: false,
  }) as Middleware;
}
