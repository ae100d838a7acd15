import type { Session } from '../support/api';
import { useTestDb } from '../support/db';
import { wavBytes } from '../support/media-samples';
import { startTestServer, type TestServer } from '../support/server';
import { buildWorld, centreOf, type World } from '../support/world';
import { transcribePending } from '../../server/src/jobs/transcribe-voice';
import type { SpeechToText } from '../../server/src/modules/speech/speech-to-text';

/** A recognition engine for tests: "hears" the sentence registered for a clip's exact length. */
function scriptedEngine() {
  const lines = new Map<number, string>();
  const engine: SpeechToText & { calls: number; failNext: number; say(bytes: Buffer, text: string): void } = {
    name: 'scripted',
    enabled: true,
    calls: 0,
    failNext: 0,
    say(bytes, text) {
      lines.set(bytes.length, text);
    },
    transcribe({ bytes }) {
      this.calls += 1;
      if (this.failNext > 0) {
        this.failNext -= 1;
        return Promise.reject(new Error('engine crashed'));
      }
      return Promise.resolve(lines.get(bytes.length) ?? null);
    },
  };
  return engine;
}

const db = useTestDb();
const engine = scriptedEngine();
let server: TestServer;
let w: World;
let resident: Session;

beforeAll(async () => {
  server = await startTestServer(db, {}, { speech: engine });
  w = await buildWorld(server);
  resident = await w.resident('王奶奶');
});
afterAll(() => server.close());

const grid = 'DS-A1-C2-G1';
const here = () => ({ ...centreOf(grid) });
const uploadClip = async (ms: number) => {
  const bytes = wavBytes(ms);
  const res = await w.api.upload(resident.token, bytes, 'voice.wav');
  expect(res.status).toBe(201);
  return { id: res.body.id, bytes };
};
const stored = async (id: string) => (await db.models.Report.findById(id).lean())!;

describe('a report made by voice alone', () => {
  it('is accepted without words or a category, goes to 其他 in the right grid, and keeps the recording for the worker', async () => {
    const clip = await uploadClip(1200);

    const res = await w.api.submit(resident.token, { voiceIds: [clip.id], location: here() });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ categoryCode: 'other', categorySource: 'suggested', gridCode: grid, status: 'assigned', voiceIds: [clip.id] });
    expect(res.body.description).toBe('（语音报事，请收听录音）');
    expect(res.body.timeline[0]!.note).toBe('未能自动归类，归入「其他」由街道指挥中心分派');
    const worker = await w.staff(`demo-worker-${grid}-social`);
    const audio = await fetch(`${server.url}/api/v1/media/${clip.id}`, { headers: { authorization: `Bearer ${worker.token}` } });
    expect(audio.status).toBe(200);
    expect(Buffer.from(await audio.arrayBuffer()).equals(clip.bytes)).toBe(true);
  });

  it('takes its category from the transcript the phone heard, and routes it to that specialty', async () => {
    const clip = await uploadClip(900);

    const res = await w.api.submit(resident.token, { voiceIds: [clip.id], transcript: '楼下路灯不亮了，晚上很黑', location: here() });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ categoryCode: 'street_light', categorySource: 'suggested', specialty: 'urban', transcript: '楼下路灯不亮了，晚上很黑' });
    expect(res.body.description).toBe('楼下路灯不亮了，晚上很黑');
    expect(res.body.timeline[0]!.note).toMatch(/^按描述自动归类为「路灯照明」（把握 \d+%）$/);
    expect((await stored(res.body.id)).transcription).toBeUndefined();
  });

  it('keeps the category the resident chose even when the words suggest another', async () => {
    const res = await w.api.submit(resident.token, { categoryCode: 'property_repair', description: '楼道里路灯不亮', location: here() });

    expect(res.body).toMatchObject({ categoryCode: 'property_repair', categorySource: 'resident' });
  });

  it('is refused in words when it has neither a description nor a recording, and nothing is created', async () => {
    const before = await db.models.Report.countDocuments();

    const res = await w.api.submit(resident.token, { location: here() });

    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('请描述问题，或录一段语音');
    expect(await db.models.Report.countDocuments()).toBe(before);
  });
});

describe('server-side transcription with a plugged-in engine', () => {
  it('writes the transcript and a timeline entry that suggests the category to the dispatcher', async () => {
    const clip = await uploadClip(1500);
    engine.say(clip.bytes, '有人摔倒了，起不来');
    const { body } = await w.api.submit(resident.token, { voiceIds: [clip.id], location: here() });
    expect((await stored(body.id)).transcription).toMatchObject({ state: 'pending' });

    expect(await transcribePending(server.services)).toBeGreaterThanOrEqual(1);

    const report = (await w.api.get(resident.token, body.id)).body;
    expect(report.transcript).toBe('有人摔倒了，起不来');
    expect(report.categoryCode).toBe('other');
    expect(report.timeline.at(-1)).toMatchObject({ action: 'transcribe', from: null, to: null, note: '语音转写：有人摔倒了，起不来（建议类别「老人求助」，请核实后转派）' });
    expect((await stored(body.id)).transcription).toMatchObject({ state: 'done', attempts: 1 });
  });

  it('transcribes a clip once even when two instances run the job at the same time', async () => {
    const clip = await uploadClip(1700);
    engine.say(clip.bytes, '下水道堵了');
    const { body } = await w.api.submit(resident.token, { voiceIds: [clip.id], location: here() });
    const callsBefore = engine.calls;

    await Promise.all([transcribePending(server.services), transcribePending(server.services)]);
    await transcribePending(server.services);

    expect(engine.calls - callsBefore).toBe(1);
    expect((await w.api.get(resident.token, body.id)).body.timeline.filter((t) => t.action === 'transcribe')).toHaveLength(1);
  });

  it('retries a failing engine and gives up after the last attempt, leaving the report and its recording intact', async () => {
    const clip = await uploadClip(1900);
    const { body } = await w.api.submit(resident.token, { voiceIds: [clip.id], location: here() });
    engine.failNext = 3;

    for (let i = 0; i < 3; i++) await transcribePending(server.services, { maxAttempts: 3 });

    const report = await stored(body.id);
    expect(report.transcription).toMatchObject({ state: 'failed', attempts: 3 });
    expect(report).toMatchObject({ status: 'assigned', voiceIds: [clip.id] });
    expect(report.transcript).toBeUndefined();
  });

  it('takes over a claim whose instance died once its lease has passed', async () => {
    const clip = await uploadClip(2100);
    engine.say(clip.bytes, '垃圾没人收');
    const { body } = await w.api.submit(resident.token, { voiceIds: [clip.id], location: here() });
    await db.models.Report.updateOne({ _id: body.id }, { $set: { transcription: { state: 'working', attempts: 1, leaseUntil: new Date(Date.now() + 60_000) } } });

    await transcribePending(server.services);
    expect((await stored(body.id)).transcript).toBeUndefined();
    server.clock.advance(61_000);
    await transcribePending(server.services);

    expect((await stored(body.id)).transcript).toBe('垃圾没人收');
  });
});
