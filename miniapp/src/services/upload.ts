import Taro from '@tarojs/taro';
import type { ApiError, MediaView } from '@linli/shared';
import { API_BASE } from './config';
import { RequestError } from './request';
import { currentToken } from './token';

/** Uploads one local file as media, reporting progress (0–100); rejects with RequestError. */
export function uploadMedia(filePath: string, onProgress?: (percent: number) => void, extra: Record<string, string> = {}): Promise<MediaView> {
  return new Promise((resolve, reject) => {
    const token = currentToken();
    const task = Taro.uploadFile({
      url: `${API_BASE}/api/v1/media`,
      filePath,
      name: 'file',
      formData: extra,
      header: token ? { authorization: `Bearer ${token}` } : {},
      success: (res) => {
        let body: unknown;
        try {
          body = JSON.parse(res.data);
        } catch {
          body = undefined;
        }
        if (res.statusCode === 201) resolve(body as MediaView);
        else {
          const e = (body as Partial<ApiError> | undefined)?.error;
          reject(new RequestError(res.statusCode, e?.code ?? 'UPLOAD_FAILED', e?.message ?? '上传失败，请重试'));
        }
      },
      fail: () => reject(new RequestError(0, 'NETWORK', '网络不给力，上传失败')),
    });
    task?.onProgressUpdate?.((p) => onProgress?.(p.progress));
  });
}
