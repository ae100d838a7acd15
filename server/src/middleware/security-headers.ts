import type { Middleware } from 'koa';
import helmet from 'koa-helmet';

const directives = {
  'default-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'media-src': ["'self'", 'data:', 'blob:'],
  'style-src': ["'self'", "'unsafe-inline'"],
  'script-src': ["'self'"],
  'connect-src': ["'self'", 'blob:'],
};

/**
 * Conservative security headers; the H5 app needs inline styles and blob:/data: media, nothing from other origins.
 * Only a request that arrived over HTTPS gets HSTS and upgrade-insecure-requests: on plain HTTP (the LAN demo on a
 * phone) they would send the browser to an HTTPS port that does not exist and leave the app blank.
 */
export function securityHeaders(): Middleware {
  const overHttps = helmet({ contentSecurityPolicy: { useDefaults: true, directives }, crossOriginEmbedderPolicy: false }) as Middleware;
  const overHttp = helmet({
    contentSecurityPolicy: { useDefaults: true, directives: { ...directives, 'upgrade-insecure-requests': null } },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false,
  }) as Middleware;
  // ctx.secure follows X-Forwarded-Proto only when TRUST_PROXY is set.
  return (ctx, next) => (ctx.secure ? overHttps(ctx, next) : overHttp(ctx, next));
}
