import Router from '@koa/router';
import { z } from 'zod';
import { mediaSchema, objectIdSchema } from '@linli/shared';
import { AppError, NotFoundError } from '../../lib/errors';
import { defineRoute, type RouteRegistry } from '../../lib/route';
import type { Services } from '../../services';
import type { AppState } from '../../app-types';
import { canSee } from '../reports/report-scope';
import type { Report } from '../reports/report-view';
import type { User } from '../users/users.repository';
import { readUpload } from './multipart';
import { acceptedMimes, sniffMedia, wavDurationMs } from './sniff';
import { stripImageMetadata } from './strip-metadata';
import { logAccess } from '../privacy/access-log';

const durationField = z.coerce.number().int().min(0).max(600_000).optional();

/** Photo and voice uploads (stored in GridFS) and authorised downloads. */
export function mediaRouter(s: Services, registry: RouteRegistry): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1' });

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/media',
      tag: 'media',
      summary: 'Upload a photo (jpeg/png/webp) or a voice clip (mp3/aac/m4a/wav/webm/ogg), ≤ 10 MB, checked by magic bytes; photos are stored re-encoded without EXIF/GPS metadata, upright, at most 2,560 px',
      auth: 'user',
      bodyContentType: 'multipart/form-data',
      responses: { 201: { description: 'Stored', schema: mediaSchema } },
      errors: [400, 401, 413, 415, 429, 503],
    },
    async (ctx) => {
      s.limiter.hit(`media:user:${String(ctx.state.user._id)}`, 120);
      const { file, fields } = await readUpload(ctx.req, s.config.MEDIA_MAX_MB * 1024 * 1024);
      const sniffed = sniffMedia(file);
      if (!sniffed) throw new AppError(415, 'MEDIA_TYPE_UNSUPPORTED', '只支持 JPG/PNG/WebP 图片和 MP3/AAC/M4A/WAV/WebM/OGG 音频');
      const clientDuration = durationField.safeParse(fields.durationMs || undefined);
      const wavMs = sniffed.mime === 'audio/wav' ? wavDurationMs(file) : undefined;
      if (sniffed.mime === 'audio/wav' && !wavMs) throw new AppError(400, 'MEDIA_CORRUPT', '录音文件不完整，请重新录制');
      const durationMs = sniffed.kind === 'audio' ? (wavMs ?? (clientDuration.success ? clientDuration.data : undefined)) : undefined;
      // Photos are stored without their metadata (GPS, device, time): see strip-metadata.ts.
      const stored = sniffed.kind === 'image' ? await stripImageMetadata(file, sniffed.mime as 'image/jpeg' | 'image/png' | 'image/webp') : file;
      const saved = await s.media.save(stored, { ownerId: ctx.state.user._id, kind: sniffed.kind, mime: sniffed.mime, ...(durationMs !== undefined ? { durationMs } : {}) });
      const { ownerId: _owner, ...view } = saved;
      return { status: 201, body: view };
    },
  );

  /**
   * Whether a report the file is attached to (recorded on the file when attached, so this is a read by key) shows it
   * to the user. A resident who joined someone else's report sees none of its media.
   */
  async function someReportShows(user: User, mediaId: string, reportIds: string[]): Promise<boolean> {
    for (const id of reportIds) {
      const report = await s.models.Report.findById(id, { residentId: 1, followerIds: 1, assigneeId: 1, gridCode: 1, gridPath: 1, photoIds: 1, voiceIds: 1, mediaIds: 1 }).lean<Report>();
      if (!report || !report.mediaIds.includes(mediaId) || !canSee(user, report)) continue;
      // A resident who joined sees no media of it: photos show the place, voice the person (docs/privacy.md).
      if (user.role === 'resident' && String(report.residentId) !== String(user._id)) continue;
      return true;
    }
    return false;
  }

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/media/:id',
      tag: 'media',
      summary: 'Download media: its uploader, or anyone who can see a report that references it; everyone else 404',
      auth: 'user',
      params: z.strictObject({ id: objectIdSchema }),
      responses: { 200: { description: 'The file, as the type its bytes were recognised as at upload', contentType: acceptedMimes } },
      errors: [401, 404],
    },
    async (ctx, { params }) => {
      const meta = await s.media.meta(params.id);
      if (!meta) throw new NotFoundError('media');
      const user = ctx.state.user;
      const allowed = meta.ownerId === String(user._id) || (await someReportShows(user, params.id, meta.reportIds));
      if (!allowed) throw new NotFoundError('media');
      if (user.role !== 'resident') await logAccess(s.models, user, { action: 'media.read', subjectIds: [params.id], residentIds: [meta.ownerId] }, s.clock());
      ctx.set('Content-Type', meta.mime);
      ctx.set('Content-Length', String(meta.size));
      ctx.set('Cache-Control', 'private, max-age=86400');
      ctx.set('Content-Disposition', 'inline');
      ctx.body = s.media.open(params.id);
    },
  );
  return router;
}
