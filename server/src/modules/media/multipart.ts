import type { IncomingMessage } from 'node:http';
import Busboy from 'busboy';
import { AppError, BadRequestError } from '../../lib/errors';

export interface Upload {
  file: Buffer;
  fields: Record<string, string>;
}

/** Reads one multipart file field `file` (and small text fields) into memory, refusing anything over `maxBytes`. */
export function readUpload(req: IncomingMessage, maxBytes: number): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let bb: Busboy.Busboy;
    try {
      bb = Busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 10, fieldSize: 1_000, parts: 12 } });
    } catch {
      reject(new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件'));
      return;
    }
    const fields: Record<string, string> = {};
    let file: Buffer | null = null;
    let failed: Error | null = null;
    bb.on('field', (name, value) => (fields[name] = value));
    bb.on('file', (name, stream) => {
      if (name !== 'file') {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        failed = new AppError(413, 'PAYLOAD_TOO_LARGE', `文件不能超过${Math.round(maxBytes / 1024 / 1024)}MB`);
      });
      stream.on('end', () => (file = Buffer.concat(chunks)));
    });
    bb.on('error', () => reject(new BadRequestError('上传内容格式有误')));
    bb.on('close', () => {
      if (failed) reject(failed);
      else if (!file || file.length === 0) reject(new BadRequestError('请选择要上传的文件（字段名 file）'));
      else resolve({ file, fields });
    });
    req.pipe(bb);
  });
}
