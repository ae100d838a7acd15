import { ConfigError, loadConfig } from '../config';
import { connectDb, syncIndexes } from '../lib/db';
import { startEmbeddedDb, type EmbeddedDb } from '../lib/embedded-db';
import { createLogger } from '../lib/logger';
import { firstAdminInvitation } from '../modules/invitations/first-admin';
import { createServices } from '../services';

/**
 * `npm run first-admin -- <姓名>`: day one of a deployment. Makes the first administrator's invitation and prints its
 * code once. The embedded database admits one process at a time, so with it this runs while the server is stopped
 * (or use FIRST_ADMIN_INVITE at start); with MONGODB_URI it runs beside a running server.
 */
async function run(): Promise<number> {
  const name = process.argv.slice(2).join(' ').trim();
  if (!name || name.length > 40) {
    process.stderr.write('用法：npm run first-admin -- <管理员姓名>（不超过40个字）\n');
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger('warn');
  let embedded: EmbeddedDb | undefined;
  let uri = config.MONGODB_URI;
  if (!uri) {
    try {
      embedded = await startEmbeddedDb({ engine: config.EMBEDDED_DB, dataDir: config.DATA_DIR, restartDelaysMs: [] });
    } catch (err) {
      const inUse = err instanceof Error && /in use by another database process/.test(err.message);
      process.stderr.write(
        inUse
          ? `数据目录 ${config.DATA_DIR} 正被运行中的服务使用：请先停止服务再运行本命令，或在启动服务时设置 FIRST_ADMIN_INVITE=${name}。\n`
          : `无法打开数据库：${err instanceof Error ? err.message : String(err)}\n`,
      );
      return 1;
    }
    uri = embedded.uri;
  }
  const db = await connectDb({ uri, dbName: config.MONGODB_DB });
  try {
    await syncIndexes(db);
    const made = await firstAdminInvitation(createServices({ config, db, logger }), name);
    if (!made) {
      process.stderr.write('已有管理员账号：请由管理员在电脑端“管理 → 人员与邀请”中邀请其他管理员。\n');
      return 1;
    }
    process.stdout.write(`首位管理员邀请码（${name}）：${made.code}\n在小程序“我的 → 工作人员绑定”中输入，${made.expiresAt} 前有效。\n`);
    return 0;
  } finally {
    await db.close();
    await embedded?.stop();
  }
}

run().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `失败：${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
