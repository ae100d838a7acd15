import path from 'node:path';
import { z } from 'zod';
import { templatesSchema } from '@linli/shared';
import { secretWeakness } from './lib/secret-strength';

/** The repository root, so that relative defaults do not depend on the working directory. */
export const repoRoot = path.resolve(__dirname, '../..');

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const envSchema = z.object({
  // Unset means production: only an explicit development or test run gets the development secret and dev login.
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'letters, digits, _ and - only').default('linli'),
  EMBEDDED_DB: z.enum(['auto', 'ferretdb', 'memory-server']).default('auto'),
  EMBEDDED_DB_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  DATA_DIR: z.string().min(1).default(path.join(repoRoot, 'data')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_KB: z.coerce.number().int().min(1).max(10_240).default(256),
  TRUST_PROXY: booleanFlag.default(false),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  H5_DIR: z.string().min(1).default(path.join(repoRoot, 'miniapp/dist/h5')),
  CONSOLE_DIR: z.string().min(1).default(path.join(repoRoot, 'server/console/dist')),

  // Sessions: tokens are HMAC-signed with this secret; outside development and test it must be set and random.
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').max(1024).optional(),
  AUTH_TOKEN_TTL_HOURS: z.coerce.number().positive().max(24 * 90).default(24 * 7),
  // Console sign-in by QR code: how long a code can be confirmed, and how long the console then stays signed in.
  CONSOLE_QR_SECONDS: z.coerce.number().int().min(30).max(600).default(120),
  CONSOLE_SESSION_HOURS: z.coerce.number().positive().max(24 * 7).default(12),
  // The demo/test login that lets anyone pick a role. Never on in production.
  DEV_LOGIN: booleanFlag.default(false),
  // Load the sample 顶山街道 grids, staff and residents at start-up (idempotent).
  SEED_DEMO: booleanFlag.default(false),
  // Day one: the name of the first administrator; at start, with no admin yet, an invitation code for them is printed.
  FIRST_ADMIN_INVITE: z.string().trim().min(1).max(40).optional(),

  // WeChat API (tests point this at a local double).
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  WECHAT_APPID: z.string().optional(),
  // A certified 政务民生 account may read a user's verified phone (getPhoneNumber): staff can then bind by the number
  // their invitation was made for instead of typing the code. Off unless the account has the permission.
  WECHAT_PHONE_BINDING: booleanFlag.default(false),
  WECHAT_SECRET: z.string().optional(),
  // Subscribe-message templates the app asks residents to accept (comma-separated ids; at most 3 per request).
  SUBSCRIBE_TEMPLATE_IDS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)).max(3)),
  // Per status event, the subscribe-message template and how report fields fill its keywords (JSON; see .env.example).
  SUBSCRIBE_TEMPLATES: z
    .string()
    .default('{}')
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(templatesSchema),
  WECHAT_MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal']).default('formal'),
  // The notification outbox: how often each instance looks for work, and when to give up on a message.
  OUTBOX_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(500),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  OUTBOX_BASE_DELAY_MS: z.coerce.number().int().min(10).max(600_000).default(2_000),
  OUTBOX_ENABLED: booleanFlag.default(true),
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  // one_time (each accept allows one message) or long_term (政务民生 apps).
  SUBSCRIBE_KIND: z.enum(['one_time', 'long_term']).default('one_time'),
  WECHAT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),

  // Abuse limits, per minute.
  RATE_LIMIT_LOGIN_PER_MIN: z.coerce.number().int().min(1).default(20),
  RATE_LIMIT_REPORTS_PER_MIN: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_REPORTS_PER_IP_PER_MIN: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_SUGGEST_PER_MIN: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_OPEN311_PER_MIN: z.coerce.number().int().min(1).default(120),
  // 附近的报事 (GET /reports/nearby) and 我也遇到了 (join) per resident: each answer says a little about where reports are.
  RATE_LIMIT_NEARBY_PER_HOUR: z.coerce.number().int().min(1).default(30),

  // Personal information (PIPL): closed reports are anonymised after this many days (3 years), their media deleted;
  // the access log of staff reads is kept this long (at least 6 months).
  REPORT_RETENTION_DAYS: z.coerce.number().int().min(30).max(36_500).default(1_095),
  ACCESS_LOG_RETENTION_DAYS: z.coerce.number().int().min(183).max(36_500).default(365),

  // A resolved report the resident did not rate is archived after this many days.
  AUTO_CLOSE_DAYS: z.coerce.number().positive().max(365).default(7),
  // 督办: how often the supervision pass runs, when a report turns yellow, how fast a late one climbs a level.
  // Statistics: calls within this many ms share one read of the reports (the console makes several at once).
  STATS_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(2_000),
  SUPERVISE_EVERY_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  SUPERVISE_YELLOW_AT: z.coerce.number().gt(0).lt(1).default(0.8),
  SUPERVISE_ESCALATE_EVERY_HOURS: z.coerce.number().positive().max(720).default(24),
  MEDIA_MAX_MB: z.coerce.number().positive().max(50).default(10),

  // Server-side speech recognition of voice reports (docs/decisions.md): none, or sherpa-onnx with a local model.
  STT_ENGINE: z.enum(['none', 'sherpa-onnx']).default('none'),
  STT_MODEL_DIR: z.string().min(1).optional(),
  STT_MODEL_KIND: z.enum(['sense_voice', 'paraformer']).default('sense_voice'),
  STT_FFMPEG: z.string().min(1).default('ffmpeg'),
  STT_THREADS: z.coerce.number().int().min(1).max(16).default(2),
  STT_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
});

// Published in this repository, so it signs tokens only where NODE_ENV says development or test.
const devSecret = 'linli-development-secret-do-not-use-in-production';

export type Config = z.infer<typeof envSchema> & { AUTH_SECRET: string };

/** Every variable the server reads. */
export const configKeys: readonly string[] = Object.keys(envSchema.shape);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates configuration; the only place that looks at process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset, as in most .env tooling.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(present[String(i.path[0])])})`),
    );
  }
  const config = parsed.data;
  const problems: string[] = [];
  const relaxed = config.NODE_ENV === 'development' || config.NODE_ENV === 'test';
  if (!config.AUTH_SECRET) {
    if (!relaxed) problems.push(`AUTH_SECRET: required when NODE_ENV is ${config.NODE_ENV} (generate one with: openssl rand -base64 48)`);
    config.AUTH_SECRET = devSecret;
  } else {
    const weakness = secretWeakness(config.AUTH_SECRET);
    if (weakness && !relaxed) problems.push(`AUTH_SECRET: ${weakness} (generate one with: openssl rand -base64 48)`);
  }
  if (config.DEV_LOGIN && !relaxed) problems.push(`DEV_LOGIN: only for NODE_ENV=development or test, refused when NODE_ENV is ${config.NODE_ENV}`);
  if (problems.length) throw new ConfigError(problems);
  return config as Config;
}
