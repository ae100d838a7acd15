import type { Connection } from 'mongoose';
import { counterModel } from './lib/counter.model';
import { categoryModel } from './modules/categories/category.model';
import { correctionModel } from './modules/categories/correction.model';
import { gridModel } from './modules/grids/grid.model';
import { apiKeyModel } from './modules/open311/api-key.model';
import { reportModel } from './modules/reports/report.model';
import { workloadModel } from './modules/reports/workload';
import { dayTallyModel } from './modules/stats/day-tally.model';
import { subscriptionModel } from './modules/subscriptions/subscription.model';
import { userModel } from './modules/users/user.model';
import { notificationModel } from './modules/notifications/notification.model';
import { outboxModel } from './modules/notifications/outbox.model';
import { wechatTokenModel } from './lib/wechat-token.model';
import { settingModel } from './lib/setting.model';
import { jobLeaseModel } from './lib/job-lease';
import { accessLogModel } from './modules/privacy/access-log.model';
import { unitModel } from './modules/units/unit.model';
import { invitationModel } from './modules/invitations/invitation.model';
import { consoleSessionModel } from './modules/console-sessions/console-session.model';
import { adminLogModel } from './modules/admin-log/admin-log.model';

/** Registers every model on a connection (idempotent); each module owns its schema. */
export function registerModels(conn: Connection) {
  return {
    User: userModel(conn),
    Grid: gridModel(conn),
    Category: categoryModel(conn),
    CategoryCorrection: correctionModel(conn),
    Report: reportModel(conn),
    Counter: counterModel(conn),
    ApiKey: apiKeyModel(conn),
    Workload: workloadModel(conn),
    DayTally: dayTallyModel(conn),
    Subscription: subscriptionModel(conn),
    Outbox: outboxModel(conn),
    Notification: notificationModel(conn),
    WechatToken: wechatTokenModel(conn),
    Setting: settingModel(conn),
    JobLease: jobLeaseModel(conn),
    AccessLog: accessLogModel(conn),
    Unit: unitModel(conn),
    Invitation: invitationModel(conn),
    AdminLog: adminLogModel(conn),
    ConsoleSession: consoleSessionModel(conn),
  };
}

export type Models = ReturnType<typeof registerModels>;
