import { z } from 'zod';
import { apiErrorSchema } from '@linli/shared';
import type { RouteRegistry, RouteSpec } from '../../lib/route';
import { version } from '../../lib/version';

type JsonSchema = Record<string, unknown>;

const errorDescriptions: Record<number, string> = {
  400: 'Invalid input (VALIDATION_FAILED with per-field details, or a domain code)',
  401: 'Missing, expired or forged token',
  403: 'Signed in, but not allowed',
  404: 'Not found, or not visible to the caller',
  409: 'Illegal transition or a conflicting change',
  413: 'Body too large',
  415: 'Unsupported media type',
  429: 'Rate limited',
  503: 'A dependency (WeChat, the database) is unavailable',
};

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return rest;
}

function parameters(spec: RouteSpec): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [['path', spec.params], ['query', spec.query]] as const) {
    if (!schema) continue;
    const js = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: prop });
    }
  }
  for (const [name, h] of Object.entries(spec.headers ?? {})) {
    out.push({ name, in: 'header', required: h.required, description: h.description, schema: toSchema(h.schema, 'input') });
  }
  return out;
}

/** OpenAPI 3.1 for every registered route, from the same zod schemas the routes validate with. */
export function buildOpenApi(registry: RouteRegistry): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const errorRef = { $ref: '#/components/schemas/Error' };
  for (const spec of registry) {
    const path = spec.path.replace(/:([A-Za-z_]+)/g, '{$1}').replace(/(.)\/$/, '$1');
    const responses: Record<string, JsonSchema> = {};
    for (const [status, r] of Object.entries(spec.responses)) {
      responses[status] = {
        description: r.description,
        ...(r.schema ? { content: { 'application/json': { schema: toSchema(r.schema, 'output') } } } : {}),
        ...(r.contentType ? { content: Object.fromEntries([r.contentType].flat().map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) } : {}),
      };
    }
    for (const status of [...spec.errors, 500]) {
      responses[String(status)] = { description: errorDescriptions[status] ?? 'Internal error', content: { 'application/json': { schema: errorRef } } };
    }
    const op: JsonSchema = {
      summary: spec.summary,
      tags: [spec.tag],
      operationId: `${spec.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters: parameters(spec),
      responses,
      ...(spec.auth === 'public' ? { security: [] } : {}),
      ...(Array.isArray(spec.auth) ? { 'x-roles': spec.auth } : {}),
    };
    if (spec.body) op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input') } } };
    if (spec.bodyContentType === 'multipart/form-data') {
      op.requestBody = {
        required: true,
        content: {
          'multipart/form-data': {
            schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, durationMs: { type: 'integer', description: 'Audio length reported by the recorder' } } },
          },
        },
      };
    }
    (paths[path] ??= {})[spec.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: '邻里报事 Linli API', version, description: 'Residents report neighbourhood problems; grids and their workers fix them. Errors are { error: { code, message } } with Chinese messages.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: toSchema(apiErrorSchema, 'output') },
    },
    paths,
  };
}
