import Koa from 'koa';
import { errorHandler } from './middleware/error-handler';
import { requestContext } from './middleware/request-id';
import { securityHeaders } from './middleware/security-headers';
import { bodyParsing } from './middleware/body';
import { h5Static } from './middleware/h5-static';
import { healthRouter } from './modules/health/health.router';
import type { AppDeps, AppState } from './app-types';

export type { AppDeps } from './app-types';

/** Builds the Koa app without listening, so tests can run it in-process on an ephemeral port. */
export function createApp(deps: AppDeps): Koa<AppState> {
  const { config, logger } = deps;
  const app = new Koa<AppState>({ proxy: config.TRUST_PROXY });
  app.silent = true; // errors are logged by the error middleware, with the request id

  app.use(requestContext(logger));
  app.use(errorHandler());
  app.use(securityHeaders());
  app.use(bodyParsing(config.BODY_LIMIT_KB));

  for (const router of [healthRouter(deps)]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  const h5 = h5Static(config.H5_DIR);
  if (h5) app.use(h5);
  return app;
}
