import { createReportSchema } from '@linli/shared';
import type { Draft } from './draft';

export type FormErrors = Partial<Record<'categoryCode' | 'description' | 'location' | 'photos' | 'contact', string>>;

// Request fields shown under another form section.
const sectionOf: Record<string, keyof FormErrors> = { photoIds: 'photos', contactPhone: 'contact', onBehalfOf: 'contact' };

/** The request body from a draft, and what is wrong with it in the resident's words; errors empty when valid. */
export function validateDraft(d: Draft): { body: ReturnType<typeof createReportSchema.parse> | null; errors: FormErrors } {
  const errors: FormErrors = {};
  if (!d.categoryCode) errors.categoryCode = '请选择问题类别';
  if (!d.description.trim()) errors.description = '请简单描述一下问题';
  else if (d.description.trim().length > 2000) errors.description = '描述不能超过2000字';
  if (!d.location && !d.gridCode) errors.location = '还没有获取到位置：请点“重新定位”，或选择所在网格';
  if (d.photos.some((p) => !p.mediaId)) errors.photos = '还有照片没有上传成功，请点照片重试或删除';
  if (Object.keys(errors).length) return { body: null, errors };
  const parsed = createReportSchema.safeParse({
    categoryCode: d.categoryCode,
    ...(d.subcategoryCode ? { subcategoryCode: d.subcategoryCode } : {}),
    description: d.description.trim(),
    // An address line left empty is not sent as an empty address.
    ...(d.location ? { location: { lng: d.location.lng, lat: d.location.lat, ...(d.location.address?.trim() ? { address: d.location.address.trim() } : {}) } } : { gridCode: d.gridCode }),
    photoIds: d.photos.map((p) => p.mediaId),
    voiceIds: [],
    anonymous: d.anonymous,
    ...(d.contactPhone?.trim() ? { contactPhone: d.contactPhone.trim() } : {}),
    ...(d.onBehalfOf ? { onBehalfOf: d.onBehalfOf } : {}),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]);
      errors[sectionOf[field] ?? (field as keyof FormErrors)] ??= issue.message;
    }
    return { body: null, errors };
  }
  return { body: parsed.data, errors };
}
