import { Readable } from 'node:stream';
import mongoose, { isValidObjectId, type Connection, type Types } from 'mongoose';
import type { MediaView } from '@linli/shared';

// The driver mongoose itself uses, so types and BSON classes match.
const { GridFSBucket, ObjectId } = mongoose.mongo;

export interface MediaMeta extends MediaView {
  ownerId: string;
}

interface StoredMetadata {
  ownerId: string;
  kind: MediaView['kind'];
  mime: string;
  durationMs?: number;
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
      return { id: String(upload.id), size: buf.length, ...metadata };
    },

    async meta(id: string): Promise<MediaMeta | null> {
      if (!isValidObjectId(id)) return null;
      const file = await bucket().find({ _id: new ObjectId(id) }).next();
      if (!file?.metadata) return null;
      const m = file.metadata as StoredMetadata;
      return { id, size: file.length, ownerId: m.ownerId, kind: m.kind, mime: m.mime, ...(m.durationMs !== undefined ? { durationMs: m.durationMs } : {}) };
    },

    /** Metadata of many files at once; missing ones are simply absent. */
    async metaMany(ids: string[]): Promise<MediaMeta[]> {
      const valid = ids.filter((id) => isValidObjectId(id)).map((id) => new ObjectId(id));
      if (valid.length === 0) return [];
      const files = await bucket().find({ _id: { $in: valid } }).toArray();
      return files.map((f) => {
        const m = f.metadata as StoredMetadata;
        return { id: String(f._id), size: f.length, ownerId: m.ownerId, kind: m.kind, mime: m.mime, ...(m.durationMs !== undefined ? { durationMs: m.durationMs } : {}) };
      });
    },

    /** The whole file in memory: for clips and photos, which are small by limit. */
    async read(id: string): Promise<Buffer> {
      const chunks: Buffer[] = [];
      for await (const chunk of bucket().openDownloadStream(new ObjectId(id))) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },

    open(id: string): NodeJS.ReadableStream {
      return bucket().openDownloadStream(new ObjectId(id));
    },
  };
}

export type MediaStore = ReturnType<typeof mediaStore>;
