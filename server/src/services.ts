import type { AppDeps } from './app-types';
import { RateLimiter } from './lib/rate-limit';
import { Drain } from './lib/drain';
import { sessionTokens } from './lib/tokens';
import { wechatClient } from './lib/wechat';
import { wechatMessaging } from './lib/wechat-messages';
import type { DeliverDeps } from './modules/notifications/deliver';
import { registerModels } from './models';
import { categoriesRepository } from './modules/categories/categories.repository';
import { gridDirectory } from './modules/grids/grid-directory';
import { mediaStore } from './modules/media/media.store';
import { workCalendarRepository } from './modules/supervision/work-calendar.repository';
import type { ReportDeps } from './modules/reports/report-deps';
import { speechEngine } from './modules/speech/engine';
import type { SpeechToText } from './modules/speech/speech-to-text';
import { usersRepository } from './modules/users/users.repository';
import { unitsRepository } from './modules/units/units.repository';
import { consoleSessions } from './modules/console-sessions/console-sessions';
import { adminLog } from './modules/admin-log/admin-log';
import { staffAdmin } from './modules/users/staff-admin';
import { actOnReport } from './modules/reports/act-on-report';
import { wechatPhone } from './lib/wechat-phone';

/** Engines a deployment (or a test) plugs in instead of the configured ones. */
export interface Plugins {
  speech?: SpeechToText;
}

/** Wires repositories and clients once per app; routers receive what they need from here. */
export function createServices({ config, db, logger, clock = () => new Date() }: AppDeps, plugins: Plugins = {}) {
  const models = registerModels(db);
  const users = usersRepository(models);
  const reportDeps: ReportDeps = {
    models,
    users,
    categories: categoriesRepository(models),
    grids: gridDirectory(models),
    units: unitsRepository(models),
    calendar: workCalendarRepository(models),
    media: mediaStore(db),
    speech: plugins.speech ?? speechEngine(config),
    clock,
    logger,
    phoneSecret: config.AUTH_SECRET,
  };
  const wechatConfig = { baseUrl: config.WECHAT_API_BASE, appid: config.WECHAT_APPID, secret: config.WECHAT_SECRET, timeoutMs: config.WECHAT_TIMEOUT_MS };
  const deliverDeps: DeliverDeps = {
    models,
    names: {
      category: async (code) => (await reportDeps.categories.get(code))?.name ?? code,
      grid: async (code) => (await reportDeps.grids.current()).get(code)?.name,
    },
    messaging: wechatMessaging(wechatConfig, models.WechatToken, logger, clock),
    templates: config.SUBSCRIBE_TEMPLATES,
    miniprogramState: config.WECHAT_MINIPROGRAM_STATE,
    logger,
  };
  const tokens = sessionTokens(config.AUTH_SECRET, config.AUTH_TOKEN_TTL_HOURS);
  const audit = adminLog({ models, users, clock });
  return {
    ...reportDeps,
    deliverDeps,
    logger,
    config,
    reportDeps,
    tokens,
    consoleSessions: consoleSessions({ models, audit, users, tokens, clock, qrSeconds: config.CONSOLE_QR_SECONDS, sessionHours: config.CONSOLE_SESSION_HOURS }),
    audit,
    staffAdmin: staffAdmin({
      models,
      users,
      grids: reportDeps.grids,
      units: reportDeps.units,
      audit,
      clock,
      reassign: async (actor, reportId, assigneeId, note, key) => {
        await actOnReport(reportDeps, actor, reportId, { action: 'reassign', assigneeId, note, photoIds: [] }, key);
      },
    }),
    wechat: wechatClient(wechatConfig, logger),
    phone: wechatPhone(wechatConfig, deliverDeps.messaging.accessToken, logger),
    limiter: new RateLimiter(),
    drain: new Drain(),
  };
}

export type Services = ReturnType<typeof createServices>;
