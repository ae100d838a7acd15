import { readFileSync } from 'node:fs';
import path from 'node:path';
import exifr from 'exifr';
import { Types } from 'mongoose';
import type { Session } from '../support/api';
import { useTestDb } from '../support/db';
import { request } from '../support/http';
import { jpegBytes, mp3Bytes, pngBytes, wavBytes, webmBytes, webpBytes } from '../support/media-samples';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, reportAt, type World } from '../support/world';

const db = useTestDb();
let server: TestServer;
let w: World;
let resident: Session;
let worker: Session; // urban worker of DS-A1-C2-G1, where the reports land
let otherWorker: Session; // urban worker of DS-A2-C2-G3

beforeAll(async () => {
  server = await startTestServer(db, { MEDIA_MAX_MB: '1' });
  w = await buildWorld(server);
  resident = await w.resident();
  worker = await w.staff('demo-worker-DS-A1-C2-G1-urban');
  otherWorker = await w.staff('demo-worker-DS-A2-C2-G3-urban');
});
afterAll(() => server.close());

const download = (token: string, id: string) => request(`${server.url}/api/v1/media/${id}`, { headers: { authorization: `Bearer ${token}` } });

describe('POST /api/v1/media', () => {
  it.each([
    ['jpeg', jpegBytes, 'image', 'image/jpeg'],
    ['png', pngBytes, 'image', 'image/png'],
    ['webp', webpBytes, 'image', 'image/webp'],
    ['wav', () => wavBytes(1500), 'audio', 'audio/wav'],
    ['webm', webmBytes, 'audio', 'audio/webm'],
    ['mp3', mp3Bytes, 'audio', 'audio/mpeg'],
  ] as const)('accepts a %s file by its bytes and reports its kind', async (_name, bytes, kind, mime) => {
    const res = await w.api.upload(resident.token, bytes(), 'whatever.bin');

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{24}$/), kind, mime });
    // Sound is stored as sent; photos are re-encoded without their metadata.
    if (kind === 'audio') expect(res.body.size).toBe(bytes().length);
    else expect(res.body.size).toBeGreaterThan(0);
  });

  it('stores a phone photo without its GPS position, camera or time, upright and in its own format', async () => {
    const original = readFileSync(path.join(__dirname, '../fixtures/phone-gps.jpg'));
    expect(await exifr.gps(original)).toMatchObject({ latitude: expect.closeTo(55.0388, 3), longitude: expect.closeTo(8.4572, 3) });

    const res = await w.api.upload(resident.token, original, 'IMG_0001.jpg');
    const stored = Buffer.from(await (await fetch(`${server.url}/api/v1/media/${res.body.id}`, { headers: { authorization: `Bearer ${resident.token}` } })).arrayBuffer());

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'image', mime: 'image/jpeg', size: stored.length });
    expect(stored.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    expect(await exifr.gps(stored)).toBeUndefined();
    expect(await exifr.parse(stored, true)).toBeUndefined();
    expect(stored.includes(Buffer.from('Nokia'))).toBe(false);
    expect((await db.models.Report.db.db!.collection('media.files').findOne({ _id: new Types.ObjectId(res.body.id) }))?.length).toBe(stored.length);
  });

  it('refuses a photo whose bytes start like a JPEG but cannot be decoded, storing nothing', async () => {
    const before = await db.models.Report.db.db!.collection('media.files').countDocuments();

    const res = await w.api.upload(resident.token, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]), 'broken.jpg');

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'MEDIA_CORRUPT' } });
    expect(await db.models.Report.db.db!.collection('media.files').countDocuments()).toBe(before);
  });

  it('measures a WAV clip’s duration from its header', async () => {
    const res = await w.api.upload(resident.token, wavBytes(2500));

    expect(res.body.durationMs).toBe(2500);
  });

  it('refuses a WAV cut off inside its header with 400, storing nothing', async () => {
    const before = await db.conn.db!.collection('media.files').countDocuments();

    const res = await w.api.upload(resident.token, wavBytes(1500).subarray(0, 28), 'clip.wav');

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'MEDIA_CORRUPT', message: expect.stringContaining('录音') } });
    expect(await db.conn.db!.collection('media.files').countDocuments()).toBe(before);
  });

  it('judges by magic bytes, not the name: a text file called photo.jpg is 415', async () => {
    const res = await w.api.upload(resident.token, Buffer.from('<?php echo "hi"; ?> this is not a picture'), 'photo.jpg');

    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ error: { code: 'MEDIA_TYPE_UNSUPPORTED' } });
  });

  it('refuses a file over the size limit with 413 and stores nothing', async () => {
    const before = await db.conn.db!.collection('media.files').countDocuments();

    const res = await w.api.upload(resident.token, Buffer.concat([jpegBytes(), Buffer.alloc(1024 * 1024 + 10)]));

    expect(res.status).toBe(413);
    expect(await db.conn.db!.collection('media.files').countDocuments()).toBe(before);
  });

  it('refuses a request without a file, and anonymous uploads', async () => {
    const noFile = await request(`${server.url}/api/v1/media`, { method: 'POST', headers: { authorization: `Bearer ${resident.token}` }, body: new FormData() });
    const anonymous = await request(`${server.url}/api/v1/media`, { method: 'POST', body: new FormData() });

    expect(noFile.status).toBe(400);
    expect(anonymous.status).toBe(401);
  });
});

describe('GET /api/v1/media/:id', () => {
  it('streams the exact bytes to the uploader, and to the assigned worker once a report references it', async () => {
    const bytes = wavBytes(800);
    const voice = (await w.api.upload(resident.token, bytes)).body;
    const photo = (await w.api.upload(resident.token, jpegBytes())).body;

    const beforeReport = await download(worker.token, voice.id);
    await w.api.submit(resident.token, reportAt('DS-A1-C2-G1', 'street_light', { photoIds: [photo.id], voiceIds: [voice.id] }));
    const own = await fetch(`${server.url}/api/v1/media/${voice.id}`, { headers: { authorization: `Bearer ${resident.token}` } });
    const staff = await fetch(`${server.url}/api/v1/media/${voice.id}`, { headers: { authorization: `Bearer ${worker.token}` } });

    expect(beforeReport.status).toBe(404);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await own.arrayBuffer()).equals(bytes)).toBe(true);
    expect(staff.status).toBe(200);
    expect(Buffer.from(await staff.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers 404 to another resident and to a worker of another grid', async () => {
    const photo = (await w.api.upload(resident.token, jpegBytes())).body;
    await w.api.submit(resident.token, reportAt('DS-A1-C2-G1', 'street_light', { photoIds: [photo.id] }));
    const stranger = await w.resident();

    expect((await download(stranger.token, photo.id)).status).toBe(404);
    expect((await download(otherWorker.token, photo.id)).status).toBe(404);
  });

  it('accepts the token as ?access_token= so an <image> tag can show the photo', async () => {
    const photo = (await w.api.upload(resident.token, jpegBytes())).body;

    const viaQuery = await request(`${server.url}/api/v1/media/${photo.id}?access_token=${resident.token}`);
    const elsewhere = await request(`${server.url}/api/v1/me?access_token=${resident.token}`);

    expect(viaQuery.status).toBe(200);
    expect(elsewhere.status).toBe(401);
  });

  it('answers 404 for a malformed or unknown id', async () => {
    expect((await download(resident.token, 'nope')).status).toBe(404);
    expect((await download(resident.token, '0123456789abcdef01234567')).status).toBe(404);
  });

  it('lets a resident see the after-photo a worker attached when resolving their report', async () => {
    const r = (await w.api.submit(resident.token, reportAt('DS-A1-C2-G1', 'street_light'))).body;
    const after = (await w.api.upload(worker.token, pngBytes())).body;
    await w.api.act(worker.token, r.id, { action: 'accept' });
    await w.api.act(worker.token, r.id, { action: 'resolve', note: '已修复', photoIds: [after.id] });

    expect((await download(resident.token, after.id)).status).toBe(200);
  });
});

describe('attaching media to a report', () => {
  it('refuses someone else’s photo or a voice clip passed as a photo, and creates nothing', async () => {
    const other = await w.resident();
    const theirs = (await w.api.upload(other.token, jpegBytes())).body;
    const voice = (await w.api.upload(resident.token, wavBytes(300))).body;
    const before = await db.models.Report.countDocuments();

    const stolen = await w.api.submit(resident.token, reportAt('DS-A1-C2-G1', 'street_light', { photoIds: [theirs.id] }));
    const wrongKind = await w.api.submit(resident.token, reportAt('DS-A1-C2-G1', 'street_light', { photoIds: [voice.id] }));

    expect(stolen.status).toBe(400);
    expect(stolen.body).toMatchObject({ error: { code: 'MEDIA_INVALID' } });
    expect(wrongKind.status).toBe(400);
    expect(await db.models.Report.countDocuments()).toBe(before);
  });
});
