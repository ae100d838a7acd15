import { Readable } from 'node:stream';
import mongoose, { isValidObjectId, type Connection, type Types } from 'mongoose';
import type { MediaView } from '@linli/shared';

// The driver mongoose itself uses, so types and BSON classes match.
const { GridFSBucket, ObjectId } = mongoose.mongo;

export interface MediaMeta extends MediaView {
  ownerId: string;
  reportIds: string[];
}

interface StoredMetadata {
  ownerId: string;
  kind: MediaView['kind'];
  mime: string;
  durationMs?: number;
  /** Reports the file is attached to: who may download it besides its uploader is decided from these, by key. */
  reportIds?: string[];
}

/** Media in GridFS, so that no server instance depends on a local disk. */
export function mediaStore(conn: Connection) {
  const bucket = () => new GridFSBucket(conn.db!, { bucketName: 'media' });

  return {
    async save(buf: Buffer, meta: { ownerId: Types.ObjectId; kind: MediaView['kind']; mime: string; durationMs?: number }): Promise<MediaMeta> {
      const metadata: StoredMetadata = { ownerId: String(meta.ownerId), kind: meta.kind, mime: meta.mime, ...(meta.durationMs !== undefined ? { durationMs: meta.durationMs } : {}) };
      const upload = bucket().openUploadStream(`${meta.kind}-${Date.now()}`, { metadata });
      await new Promise<void>((resolve, reject) => {
        Readable.from([buf]).pipe(upload).on('finish', () => resolve()).on('error', reject);
      });
      return { id: String(upload.id), size: buf.length, reportIds: [], ...metadata };
    },

    async meta(id: string): Promise<MediaMeta | null> {
      if (!isValidObjectId(id)) return null;
      const file = await bucket().find({ _id: new ObjectId(id) }).next();
      if (!file?.metadata) return null;
      const m = file.metadata as StoredMetadata;
      return { id, size: file.length, ownerId: m.ownerId, kind: m.kind, mime: m.mime, reportIds: m.reportIds ?? [], ...(m.durationMs !== undefined ? { durationMs: m.durationMs } : {}) };
    },

    /** Metadata of many files at once; missing ones are simply absent. */
    async metaMany(ids: string[]): Promise<MediaMeta[]> {
      const valid = ids.filter((id) => isValidObjectId(id)).map((id) => new ObjectId(id));
      if (valid.length === 0) return [];
      const files = await bucket().find({ _id: { $in: valid } }).toArray();
      return files.map((f) => {
        const m = f.metadata as StoredMetadata;
        return { id: String(f._id), size: f.length, ownerId: m.ownerId, kind: m.kind, mime: m.mime, reportIds: m.reportIds ?? [], ...(m.durationMs !== undefined ? { durationMs: m.durationMs } : {}) };
      });
    },

    /**
     * Attaches the uploader's files to a report in one write, and answers the ids that are not theirs or not of the
     * kind given (unknown, someone else's, a photo passed as voice). When any is refused, nothing stays attached.
     */
    async bind(ownerId: string, reportId: string, ids: { image?: string[]; audio?: string[] }): Promise<string[]> {
      const all = [...(ids.image ?? []), ...(ids.audio ?? [])];
      if (all.length === 0) return [];
      const invalid = all.filter((id) => !isValidObjectId(id));
      const files = conn.db!.collection('media.files');
      const branches = (['image', 'audio'] as const)
        .map((kind) => ({ kind, list: (ids[kind] ?? []).filter((id) => isValidObjectId(id)).map((id) => new ObjectId(id)) }))
        .filter((b) => b.list.length)
        .map((b) => ({ _id: { $in: b.list }, 'metadata.kind': b.kind }));
      const { matchedCount } = branches.length
        ? await files.updateMany({ $or: branches, 'metadata.ownerId': ownerId }, { $addToSet: { 'metadata.reportIds': reportId } })
        : { matchedCount: 0 };
      if (matchedCount === new Set(all).size && invalid.length === 0) return [];
      // Refused: find which, and take the attachment back from the others.
      const owned = (await this.metaMany(all)).filter((m) => m.ownerId === ownerId && (ids[m.kind as 'image' | 'audio'] ?? []).includes(m.id)).map((m) => m.id);
      if (owned.length) await files.updateMany({ _id: { $in: owned.map((id) => new ObjectId(id)) } }, { $pull: { 'metadata.reportIds': reportId } as never });
      return all.filter((id) => !owned.includes(id));
    },

    /** The whole file in memory: for clips and photos, which are small by limit. */
    async read(id: string): Promise<Buffer> {
      const chunks: Buffer[] = [];
      for await (const chunk of bucket().openDownloadStream(new ObjectId(id))) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },

    /** Deletes a file and its chunks; one already gone is not an error. */
    async remove(id: string): Promise<void> {
      if (!ObjectId.isValid(id)) return;
      await bucket()
        .delete(new ObjectId(id))
        .catch((err: Error) => {
          if (!/not found/i.test(err.message)) throw err;
        });
    },

    open(id: string): NodeJS.ReadableStream {
      return bucket().openDownloadStream(new ObjectId(id));
    },
  };
}

export type MediaStore = ReturnType<typeof mediaStore>;
