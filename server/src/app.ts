import { statsRouter } from './modules/stats/stats.router';
import { supervisionRouter } from './modules/supervision/supervision.router';
import Koa from 'koa';
import { errorMessages } from '@linli/shared';
import { AppError } from './lib/errors';
import { bodyParsing } from './middleware/body';
import { authenticate } from './middleware/authenticate';
import { errorHandler } from './middleware/error-handler';
import { dbGate } from './middleware/db-gate';
import { closeWhileDraining } from './middleware/drain-connections';
import { consoleStatic, h5Static } from './middleware/h5-static';
import { requestContext } from './middleware/request-id';
import { securityHeaders } from './middleware/security-headers';
import type { RouteRegistry } from './lib/route';
import { categoriesRouter } from './modules/categories/categories.router';
import { gridsRouter } from './modules/grids/grids.router';
import { healthRouter } from './modules/health/health.router';
import { mediaRouter } from './modules/media/media.router';
import { apiKeys } from './modules/open311/api-keys';
import { adminLogRouter } from './modules/admin-log/admin-log.router';
import { apiKeysRouter } from './modules/open311/api-keys.router';
import { open311 } from './modules/open311/open311.router';
import { hotlineRouter } from './modules/hotline/hotline.router';
import { openApiRouter } from './modules/openapi/openapi.router';
import { changesRouter } from './modules/reports/changes.router';
import { reportsRouter } from './modules/reports/reports.router';
import { subscriptionsRouter } from './modules/subscriptions/subscriptions.router';
import { notificationsRouter } from './modules/notifications/notifications.router';
import { authRouter } from './modules/users/auth.router';
import { unitsRouter } from './modules/units/units.router';
import { invitationsRouter } from './modules/invitations/invitations.router';
import { consoleSessionsRouter } from './modules/console-sessions/console-sessions.router';
import { staffRouter } from './modules/users/staff.router';
import { privacyRouter } from './modules/privacy/privacy.router';
import { createServices, type Services } from './services';
import type { AppDeps, AppState } from './app-types';

export type { AppDeps } from './app-types';

// TRACE, QUERY and methods no route implements are refused alike: 405 with the JSON error shape, never 501 text.
const methodRefused = () => new AppError(405, 'METHOD_NOT_ALLOWED', errorMessages.METHOD_NOT_ALLOWED);

/** Builds the Koa app without listening, so tests can run it in-process on an ephemeral port. */
export function createApp(deps: AppDeps, services: Services = createServices(deps)): Koa<AppState> {
  const { config, logger } = deps;
  const app = new Koa<AppState>({ proxy: config.TRUST_PROXY });
  app.silent = true; // errors are logged by the error middleware, with the request id

  app.use(requestContext(logger));
  app.use(closeWhileDraining(services.drain));
  app.use(errorHandler());
  if (deps.dbState) app.use(dbGate(deps.dbState));
  app.use(securityHeaders());
  app.use(bodyParsing(config.BODY_LIMIT_KB));
  app.use(authenticate(services.tokens, services.users, services.consoleSessions));

  const keys = apiKeys(services.models, services.users, services.clock);
  app.use(open311(services, keys));

  const registry: RouteRegistry = [];
  const routers = [
    healthRouter(deps),
    authRouter(services, registry),
    staffRouter(services, registry),
    invitationsRouter(services, registry),
    adminLogRouter(services.audit, registry),
    consoleSessionsRouter(services, registry),
    unitsRouter(services, registry),
    gridsRouter(services, registry),
    categoriesRouter(services, registry),
    mediaRouter(services, registry),
    // Before the reports router, whose /:id would otherwise claim /changes.
    changesRouter(services, registry),
    reportsRouter(services, registry),
    apiKeysRouter(keys, services.grids, services.audit, registry),
    hotlineRouter(services, keys, registry),
    subscriptionsRouter(services, registry),
    notificationsRouter(services, registry),
    supervisionRouter(services, registry),
    statsRouter(services, registry),
    privacyRouter(services, registry),
    openApiRouter(registry),
  ];
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods({ throw: true, methodNotAllowed: methodRefused, notImplemented: methodRefused }));
  }
  const consoleFiles = consoleStatic(config.CONSOLE_DIR);
  if (consoleFiles) app.use(consoleFiles);
  const h5 = h5Static(config.H5_DIR);
  if (h5) app.use(h5);
  return app;
}
