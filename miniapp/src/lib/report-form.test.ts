import { emptyDraft, type Draft } from './draft';
import { validateDraft } from './report-form';

const complete = (): Draft => ({
  ...emptyDraft(),
  categoryCode: 'street_light',
  description: ' 3号楼东侧路灯不亮 ',
  location: { lng: 118.665, lat: 32.09 },
  photos: [{ mediaId: '0123456789abcdef01234567' }],
});

describe('validateDraft', () => {
  it('turns a complete draft into the request body the server expects', () => {
    const { body, errors } = validateDraft(complete());

    expect(errors).toEqual({});
    expect(body).toEqual({
      categoryCode: 'street_light',
      description: '3号楼东侧路灯不亮',
      location: { lng: 118.665, lat: 32.09 },
      photoIds: ['0123456789abcdef01234567'],
      voiceIds: [],
      anonymous: false,
    });
  });

  it('sends the address line trimmed with the position, and no address when the line is empty', () => {
    const typed = validateDraft({ ...complete(), location: { lng: 118.665, lat: 32.09, address: ' 3栋2单元门口 ' } });
    const empty = validateDraft({ ...complete(), location: { lng: 118.665, lat: 32.09, address: '  ' } });

    expect(typed.body?.location).toEqual({ lng: 118.665, lat: 32.09, address: '3栋2单元门口' });
    expect(empty.body?.location).toEqual({ lng: 118.665, lat: 32.09 });
  });

  it('names every missing piece in the resident’s words', () => {
    const { body, errors } = validateDraft(emptyDraft());

    expect(body).toBeNull();
    expect(errors).toEqual({
      categoryCode: '请选择问题类别',
      description: '请简单描述一下问题',
      location: '还没有获取到位置：请点“重新定位”，或选择所在网格',
    });
  });

  it('sends the grid the resident chose by name when they share no position', () => {
    const { body, errors } = validateDraft({ ...complete(), location: null, gridCode: 'DS-A1-C1-G1' });

    expect(errors).toEqual({});
    expect(body).toMatchObject({ gridCode: 'DS-A1-C1-G1' });
    expect(body).not.toHaveProperty('location');
  });

  it('refuses to submit while a photo is still uploading or failed', () => {
    const { errors } = validateDraft({ ...complete(), photos: [{ localPath: 'blob:x' }] });

    expect(errors.photos).toContain('没有上传成功');
  });

  it('refuses descriptions over 2000 characters', () => {
    expect(validateDraft({ ...complete(), description: '长'.repeat(2001) }).errors.description).toBe('描述不能超过2000字');
  });

  it('uses the shared schema’s rules too: at most 9 photos', () => {
    const photos = Array.from({ length: 10 }, (_, i) => ({ mediaId: `${i}`.padStart(24, '0') }));

    expect(validateDraft({ ...complete(), photos }).errors.photos).toBe('最多9张照片');
  });
});
