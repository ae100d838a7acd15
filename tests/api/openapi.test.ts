import Ajv2020 from 'ajv/dist/2020';
import { createReportSchema, reportListQuerySchema } from '@linli/shared';
import { useTestDb } from '../support/db';
import { request } from '../support/http';
import { startTestServer, type TestServer } from '../support/server';

const db = useTestDb();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(db);
});
afterAll(() => server.close());

type Op = { responses: Record<string, { content?: Record<string, { schema: unknown }> }>; requestBody?: unknown; parameters: { name: string; in: string }[] };
type Doc = { openapi: string; paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, unknown> } };

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document covering every /api/v1 endpoint the contract names', async () => {
    const { status, body } = await request<Doc>(`${server.url}/api/openapi.json`);

    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const ops = Object.entries(body.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
    expect(ops).toEqual(
      expect.arrayContaining([
        'POST /api/v1/auth/wechat',
        'POST /api/v1/auth/dev',
        'POST /api/v1/admin/staff',
        'POST /api/v1/admin/grids/import',
        'GET /api/v1/grids/locate',
        'GET /api/v1/categories',
        'POST /api/v1/reports',
        'GET /api/v1/reports',
        'GET /api/v1/reports/{id}',
        'POST /api/v1/reports/{id}/actions',
        'POST /api/v1/reports/{id}/rating',
        'POST /api/v1/media',
        'GET /api/v1/media/{id}',
      ]),
    );
  });

  it('documents error responses with the shared error schema on every operation', async () => {
    const { body } = await request<Doc>(`${server.url}/api/openapi.json`);

    expect(body.components.schemas.Error).toMatchObject({ type: 'object', properties: { error: expect.any(Object) } });
    for (const [path, methods] of Object.entries(body.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const errors = Object.keys(op.responses).filter((s) => Number(s) >= 400);
        expect({ op: `${method} ${path}`, has500: errors.includes('500') }).toEqual({ op: `${method} ${path}`, has500: true });
      }
    }
  });

  it('takes request schemas from the same zod schemas the server validates with', async () => {
    const { body } = await request<Doc>(`${server.url}/api/openapi.json`);
    const submit = body.paths['/api/v1/reports']!.post!;
    const schema = (submit.requestBody as { content: { 'application/json': { schema: { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean } } } }).content['application/json'].schema;

    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['categoryCode', 'description', 'location', 'gridCode', 'photoIds', 'voiceIds', 'anonymous']));
    // A voice report may leave the category to the server and the words to the recording; a resident who shares no
    // position names the grid instead: nothing is required on its own (the server says which one of each is missing).
    expect(schema.required ?? []).toEqual([]);
    expect(schema.additionalProperties).toBe(false);
    expect(submit.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]));
    expect(body.paths['/api/v1/reports/{id}']!.get!.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path' })]);
  });

  it('states every rule the server enforces on a new report, so a client checking the document agrees with the server', async () => {
    const { body } = await request<Doc>(`${server.url}/api/openapi.json`);
    const schema = (body.paths['/api/v1/reports']!.post!.requestBody as { content: { 'application/json': { schema: object } } }).content['application/json'].schema;
    const documented = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    const photo = '0123456789abcdef01234567';
    const at = { lng: 118.66, lat: 32.09 };
    const bodies = [
      { description: '路灯不亮', location: at },
      { description: '', voiceIds: [photo], location: at },
      { description: '   ', location: at },
      { description: '', location: at },
      { location: at },
      { description: '路灯不亮' },
      { description: '路灯不亮', gridCode: 'DS-A1-C1-G1' },
      { voiceIds: [photo], gridCode: 'DS-A1-C1-G1' },
      { description: '路灯不亮', location: at, extra: 1 },
    ];

    expect(bodies.map((b) => documented(b))).toEqual(bodies.map((b) => createReportSchema.safeParse(b).success));
  });

  it('states which statuses a list filter accepts', async () => {
    const { body } = await request<Doc>(`${server.url}/api/openapi.json`);
    const status = body.paths['/api/v1/reports']!.get!.parameters.find((p) => p.name === 'status') as unknown as { schema: object };
    const documented = new Ajv2020({ strict: false }).compile(status.schema);

    expect(['assigned', 'assigned,accepted', 'done', 'assigned,,closed', ''].map((v) => documented(v))).toEqual([true, true, false, false, false]);
    expect(['assigned', 'assigned,accepted', 'done'].map((v) => reportListQuerySchema.safeParse({ status: v }).success)).toEqual([true, true, false]);
  });

  it('documents a media download as the types an upload may be, not as octet-stream', async () => {
    const { body } = await request<Doc>(`${server.url}/api/openapi.json`);
    const types = Object.keys(body.paths['/api/v1/media/{id}']!.get!.responses['200']!.content!);

    expect(types).toEqual(expect.arrayContaining(['image/jpeg', 'image/png', 'image/webp', 'audio/mpeg', 'audio/wav', 'audio/mp4']));
    expect(types).not.toContain('application/octet-stream');
  });
});
