import { Types } from 'mongoose';
import { fallbackCategoryCode } from '@linli/shared';
import type { ReportDeps } from '../modules/reports/report-deps';
import type { ReportRecord } from '../modules/reports/report.types';

type Deps = Pick<ReportDeps, 'models' | 'media' | 'speech' | 'categories' | 'clock' | 'logger'>;

export interface TranscribeOptions {
  /** How long a claimed report is left to one instance before another may take it over. */
  leaseMs: number;
  maxAttempts: number;
}

const defaults: TranscribeOptions = { leaseMs: 120_000, maxAttempts: 3 };

/** Claims one queued report by the state it was seen in; only one instance's claim can match. */
async function claim(deps: Deps, r: ReportRecord, now: Date, leaseMs: number): Promise<boolean> {
  const t = r.transcription!;
  const { matchedCount } = await deps.models.Report.updateOne(
    { _id: r._id, 'transcription.state': { $eq: t.state }, 'transcription.attempts': { $eq: t.attempts } },
    { $set: { 'transcription.state': 'working', 'transcription.leaseUntil': new Date(now.getTime() + leaseMs) }, $inc: { 'transcription.attempts': 1 } },
    // Bookkeeping, not a change anyone sees: the live feed is not woken.
    { timestamps: false },
  );
  return matchedCount === 1;
}

/** What the timeline says: the words heard, and a category hint for the dispatcher when 其他 was a fallback. */
async function noteFor(deps: Deps, r: ReportRecord, text: string): Promise<string> {
  let note = `语音转写：${text}`;
  if (r.categorySource === 'suggested' && r.categoryCode === fallbackCategoryCode) {
    const code = (await deps.categories.suggest(text)).best.code;
    const category = code !== fallbackCategoryCode ? await deps.categories.get(code) : null;
    if (category) note += `（建议类别「${category.name}」，请核实后转派）`;
  }
  return note;
}

/**
 * Transcribes the voice clips of queued reports with the configured engine, writing the transcript and a
 * timeline entry. Safe on several instances at once; a crashed instance's claim expires after the lease.
 */
const QUEUE_WINDOW_MS = 7 * 86_400_000;

export async function transcribePending(deps: Deps, opts: Partial<TranscribeOptions> = {}): Promise<number> {
  const { leaseMs, maxAttempts } = { ...defaults, ...opts };
  if (!deps.speech.enabled) return 0;
  const now = deps.clock();
  // Only reports of the last week can still be queued: the _id window keeps the search to them (a dotted field
  // cannot be indexed on the embedded database).
  const recent = Types.ObjectId.createFromTime(Math.floor((now.getTime() - QUEUE_WINDOW_MS) / 1000));
  const queued = await deps.models.Report.find({ _id: { $gte: recent }, 'transcription.state': { $in: ['pending', 'working'] } })
    .limit(20)
    .lean<ReportRecord[]>();
  let done = 0;
  for (const r of queued) {
    const t = r.transcription!;
    if (t.state === 'working' && t.leaseUntil && t.leaseUntil > now) continue;
    if (!(await claim(deps, r, now, leaseMs))) continue;
    try {
      const texts: string[] = [];
      for (const id of r.voiceIds) {
        const meta = await deps.media.meta(id);
        if (!meta) continue;
        const text = await deps.speech.transcribe({ bytes: await deps.media.read(id), mime: meta.mime });
        if (text) texts.push(text);
      }
      const text = texts.join('。');
      const at = deps.clock();
      await deps.models.Report.updateOne(
        { _id: r._id },
        text
          ? {
              $set: { transcript: text, 'transcription.state': 'done', 'transcription.leaseUntil': null, updatedAt: at },
              $push: { timeline: { at, actor: { role: 'system' }, action: 'transcribe', from: null, to: null, note: await noteFor(deps, r, text) } },
            }
          : { $set: { 'transcription.state': 'done', 'transcription.leaseUntil': null } },
        { timestamps: false },
      );
      done += 1;
    } catch (err) {
      // Back in the queue until attempts run out; the recording itself is never at risk.
      const failed = t.attempts + 1 >= maxAttempts;
      await deps.models.Report.updateOne({ _id: r._id }, { $set: { 'transcription.state': failed ? 'failed' : 'pending', 'transcription.leaseUntil': null } }, { timestamps: false });
      deps.logger.warn({ err, reportId: String(r._id), engine: deps.speech.name, failed }, 'transcription failed');
    }
  }
  return done;
}

/** Polls for queued voice reports every `everyMs`; returns a stop function. */
export function scheduleTranscription(deps: Deps, everyMs: number): () => void {
  const timer = setInterval(() => {
    transcribePending(deps).catch((err: unknown) => deps.logger.error({ err }, 'transcription sweep failed'));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
