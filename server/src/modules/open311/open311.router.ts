import { randomUUID } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import { z } from 'zod';
import { Types, type FilterQuery } from 'mongoose';
import { wgs84ToGcj02 } from '@linli/shared';
import { AppError } from '../../lib/errors';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';
import type { ReportDoc } from '../reports/report.model';
import type { Report } from '../reports/report-view';
import { submitReport } from '../reports/submit-report';
import type { ApiKeys } from './api-keys';
import { beijingIso, toService, toServiceRequest } from './open311-format';
import { notXmlChar, objectToXml, toXml, type XmlValue } from './xml';

type Format = 'json' | 'xml';
const PATH = /^\/open311\/v2\/(discovery|services|requests|tokens)(?:\/([^/]+?))?\.(json|xml)$/;

class Open311Error extends Error {
  constructor(readonly status: number, readonly description: string) {
    super(description);
  }
}

const emptyAsAbsent = (v: unknown) => (v === '' ? undefined : v);
// Characters no text needs and XML cannot carry (controls, U+FFFE/U+FFFF, lone surrogates) are dropped on the way in.
const cleaned = (v: unknown) => (typeof v === 'string' ? emptyAsAbsent(v.replace(notXmlChar, '')) : emptyAsAbsent(v));
const text = (max: number) => z.preprocess(cleaned, z.string().trim().max(max).optional());
const num = (min: number, max: number) => z.preprocess(emptyAsAbsent, z.coerce.number().min(min).max(max).optional());

const postSchema = z.object({
  service_code: z.preprocess(emptyAsAbsent, z.string({ error: 'service_code is required' }).max(40)),
  lat: num(-90, 90),
  long: num(-180, 180),
  address_string: text(200),
  address_id: text(100),
  description: text(4000),
  email: text(200),
  device_id: text(200),
  account_id: text(200),
  first_name: text(100),
  last_name: text(100),
  phone: text(40),
  media_url: text(1000),
});

const listSchema = z.object({
  service_request_id: text(2000),
  service_code: text(2000),
  start_date: z.preprocess(emptyAsAbsent, z.iso.datetime({ offset: true }).optional()),
  end_date: z.preprocess(emptyAsAbsent, z.iso.datetime({ offset: true }).optional()),
  status: z.preprocess(emptyAsAbsent, z.string().regex(/^(open|closed)(,(open|closed))?$/).optional()),
  page: z.preprocess(emptyAsAbsent, z.coerce.number().int().min(1).max(100_000).default(1)),
  page_size: z.preprocess(emptyAsAbsent, z.coerce.number().int().min(1).max(1_000).default(100)),
});

function send(ctx: Context, format: Format, status: number, root: string, item: string, items: XmlValue[], itemNames: Record<string, string> = {}) {
  ctx.status = status;
  if (format === 'json') {
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = JSON.stringify(items);
  } else {
    ctx.type = 'text/xml; charset=utf-8';
    ctx.body = toXml(root, item, items, itemNames);
  }
}

const stripHtml = (s: string) => s.replace(/<[^>]*>/g, '').trim();

/** Open311 GeoReport v2 at /open311/v2/*.{json,xml}: how a 12345 hotline or any Open311 client hands reports in. */
export function open311(s: Services, keys: ApiKeys): Middleware<AppState> {
  const deps = s.reportDeps;

  async function client(ctx: Context, params: Record<string, unknown>) {
    const key = typeof params.api_key === 'string' ? params.api_key : undefined;
    const user = await keys.resolve(key);
    if (!user) throw new Open311Error(403, key ? 'Invalid api_key' : 'api_key is required');
    return user;
  }

  const NEWEST = new Types.ObjectId('ffffffffffffffffffffffff');

  async function requestsFor(filter: FilterQuery<ReportDoc>, page: number, pageSize: number) {
    // The _id bound lets the newest-first order come from the index, stopping at the page.
    const rows = await s.models.Report.find({ ...filter, _id: { $lt: NEWEST } }, { timeline: 0 }).sort({ _id: -1 }).skip((page - 1) * pageSize).limit(pageSize).lean<Report[]>();
    const categories = new Map((await s.categories.list(true)).map((c) => [c.code, c]));
    const grids = await s.grids.current();
    return rows.map((r) => toServiceRequest(r, categories, grids));
  }

  return async (ctx, next) => {
    const m = PATH.exec(ctx.path);
    if (!m) return next();
    const [, resource, id, fmt] = m as unknown as [string, string, string | undefined, Format];
    try {
      const query = ctx.query as Record<string, unknown>;
      if (ctx.method === 'GET' && resource === 'discovery' && !id) {
        const base = `${ctx.origin}/open311/v2`;
        const doc = {
          changeset: beijingIso(new Date('2026-11-27T00:00:00Z')),
          contact: '顶山街道指挥中心（示例）',
          key_service: 'API keys are issued by the street administrators (POST /api/v1/admin/api-keys).',
          endpoints: [
            { specification: 'http://wiki.open311.org/GeoReport_v2', url: base, changeset: beijingIso(new Date('2026-11-27T00:00:00Z')), type: 'production', formats: ['application/json', 'text/xml'] },
          ],
        };
        ctx.status = 200;
        if (fmt === 'json') ctx.body = doc;
        else {
          ctx.type = 'text/xml; charset=utf-8';
          ctx.body = objectToXml('discovery', doc as unknown as { [k: string]: XmlValue }, { endpoints: 'endpoint', formats: 'format' });
        }
        return;
      }
      if (ctx.method === 'GET' && resource === 'services' && !id) {
        return send(ctx, fmt, 200, 'services', 'service', (await s.categories.list()).map(toService));
      }
      if (ctx.method === 'GET' && resource === 'services' && id) {
        const c = await s.categories.get(id);
        if (!c || !c.active) throw new Open311Error(404, `Service ${id} not found`);
        // No extra attributes are asked for: the category, location and description are enough to route.
        ctx.status = 200;
        const def = { service_code: c.code, attributes: [] };
        if (fmt === 'json') ctx.body = def;
        else {
          ctx.type = 'text/xml; charset=utf-8';
          ctx.body = objectToXml('service_definition', def, { attributes: 'attribute' });
        }
        return;
      }
      if (ctx.method === 'POST' && resource === 'requests' && !id) {
        const form = ((ctx.request as { body?: unknown }).body ?? {}) as Record<string, unknown>;
        const user = await client(ctx, { ...query, ...form });
        s.limiter.hit(`open311:${String(user._id)}`, s.config.RATE_LIMIT_OPEN311_PER_MIN);
        const parsed = postSchema.safeParse(form);
        if (!parsed.success) throw new Open311Error(400, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        const p = parsed.data;
        if ((p.lat === undefined) !== (p.long === undefined)) throw new Open311Error(400, 'lat and long must be given together');
        if (p.lat === undefined && !p.address_string && !p.address_id) throw new Open311Error(400, 'A location is required: lat and long, address_string or address_id');
        const category = await s.categories.get(p.service_code);
        if (!category || !category.active) throw new Open311Error(400, `Unknown service_code ${p.service_code}`);
        const { report } = await submitReport(
          deps,
          user,
          {
            categoryCode: category.code,
            description: stripHtml(p.description ?? '') || category.name,
            // GeoReport coordinates are WGS-84; the grids are drawn in GCJ-02.
            location: { ...(p.lat !== undefined ? wgs84ToGcj02({ lat: p.lat, lng: p.long! }) : {}), ...(p.address_string ? { address: p.address_string } : {}) },
            photoIds: [],
            voiceIds: [],
            anonymous: false,
            ...(p.phone ? { contactPhone: p.phone } : {}),
          },
          `open311:${randomUUID()}`,
          'open311',
        );
        return send(ctx, fmt, 201, 'service_requests', 'request', [{ service_request_id: report.no, service_notice: report.assignee ? '已派单至网格' : '已受理，待街道指挥中心分派', account_id: null }]);
      }
      if (ctx.method === 'GET' && resource === 'requests') {
        const user = await client(ctx, query);
        if (id) {
          const rows = await requestsFor({ residentId: user._id, no: { $eq: id } }, 1, 1);
          if (rows.length === 0) throw new Open311Error(404, `Request ${id} not found`);
          return send(ctx, fmt, 200, 'service_requests', 'request', rows);
        }
        const parsed = listSchema.safeParse(query);
        if (!parsed.success) throw new Open311Error(400, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        const q = parsed.data;
        const filter: FilterQuery<ReportDoc> = { residentId: user._id };
        if (q.service_request_id) filter.no = { $in: q.service_request_id.split(',') };
        else {
          if (q.service_code) filter.categoryCode = { $in: q.service_code.split(',') };
          const end = q.end_date ? new Date(q.end_date) : new Date();
          const start = q.start_date ? new Date(q.start_date) : new Date(end.getTime() - 90 * 86_400_000);
          if (end.getTime() - start.getTime() > 90 * 86_400_000) throw new Open311Error(400, 'start_date and end_date may be at most 90 days apart');
          filter.createdAt = { $gte: start, $lte: end };
          if (q.status === 'open') filter.status = { $in: ['submitted', 'assigned', 'accepted'] };
          if (q.status === 'closed') filter.status = { $in: ['resolved', 'closed'] };
        }
        return send(ctx, fmt, 200, 'service_requests', 'request', await requestsFor(filter, q.page, q.page_size));
      }
      throw new Open311Error(ctx.method === 'GET' || ctx.method === 'POST' ? 404 : 400, `No ${ctx.method} ${resource}${id ? '/{id}' : ''} endpoint`);
    } catch (err) {
      const status = err instanceof Open311Error ? err.status : err instanceof AppError && err.status < 500 ? err.status : 500;
      const description = err instanceof Open311Error ? err.description : err instanceof AppError && err.expose ? err.message : 'Internal error';
      if (status === 500) ctx.state.log.error({ err }, 'open311 failed');
      const answered = status >= 500 ? (status === 503 ? 503 : 500) : [403, 404, 429].includes(status) ? status : 400;
      const retryAfter = err instanceof AppError ? (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds : undefined;
      if (retryAfter) ctx.set('Retry-After', String(retryAfter));
      send(ctx, fmt, answered, 'errors', 'error', [{ code: answered, description }]);
    }
  };
}
