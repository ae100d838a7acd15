import { useTestDb } from '../support/db';
import { solidPng } from '../support/png';
import { signIn, useStreetAndPhone } from '../support/weapp/phone';
import { reportAt } from '../support/world';

// A grid worker resolving on the street with an after-photo, on the release weapp build and the WeChat double.
const db = useTestDb();
const t = useStreetAndPhone(db, (phone) => {
  phone.wx.user.photos = [solidPng(64, 48, [20, 160, 60])];
});

/** This phone's WeChat account made the sample grid's urban worker; a report assigned to them. */
async function workerWithReport(): Promise<string> {
  const { world } = t.street;
  await world.api.call('POST', '/api/v1/admin/staff', {
    token: world.admin.token,
    body: { staff: [{ openid: t.phone.openid, name: '手机网格员', role: 'grid_worker', specialty: 'urban', gridCodes: ['DS-A1-C1-G1'] }] },
  });
  const resident = await world.resident();
  const r = await world.api.submit(resident.token, reportAt('DS-A1-C1-G1', 'street_light'));
  const mine = await db.models.User.findOne({ openid: t.phone.openid }).lean();
  await world.api.act(world.dispatcher.token, r.body.id, { action: 'reassign', assigneeId: String(mine!._id) });
  return r.body.id;
}

describe('the workbench on a phone', () => {
  it('resolves with a camera photo stamped with time, place and name, the camera held until the worker agrees to the privacy guide', async () => {
    const { app, wx } = t.phone;
    const id = await workerWithReport();
    await app.launch();
    await app.until(() => app.find('拒绝'), 'the privacy consent on first launch');
    app.tap('拒绝');
    await signIn(app);
    await app.open('package-work/detail/index', { id });
    await app.until(() => app.find('签收'), 'the actions');
    app.tap('签收');
    // One tap signs: no form and no second 确认签收.
    await app.until(() => app.find('办结'), 'the resolve action');
    expect(app.find('确认签收')).toBeFalsy();
    app.tap('办结');
    await app.until(() => app.find('＋ 拍摄处置后照片'), 'the resolve form');
    app.type('办理回复（必填），居民会看到', '已更换灯泡，恢复照明');
    app.tap('＋ 拍摄处置后照片');
    await app.until(() => app.find('同意'), 'the consent WeChat holds chooseMedia for');
    app.tap('同意');
    await app.until(() => app.shows('已上传1张'), 'the after-photo uploaded');
    app.tap('确认办结');
    await app.until(async () => (await db.models.Report.findById(id).lean())?.status === 'resolved', 'the report resolved');

    const report = await db.models.Report.findById(id).lean();
    expect(report!.timeline.at(-1)).toMatchObject({ action: 'resolve', photoIds: [expect.any(String)] });
    expect(wx.calls.find((c) => c.api === 'chooseMedia')).toMatchObject({ outcome: 'ok', options: expect.objectContaining({ sourceType: ['camera'] }) });
    // The camera photo went through the watermark canvas before upload: the picture, a band, then the lines on it.
    const stamp = wx.drawn.at(-1)!;
    expect(stamp).toMatchObject({ width: 64, height: 48, images: [expect.objectContaining({ w: 64, h: 48 })] });
    const grid = await db.models.Grid.findOne({ code: 'DS-A1-C1-G1' }).lean();
    const [when, place, where, who] = stamp.texts.map((t) => t.text);
    expect(when).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} 星期[日一二三四五六]$/);
    expect(place).toBe(grid!.name);
    expect(where).toBe('118.70000E, 32.10000N');
    expect(who).toContain('手机网格员');
    const getInfo = wx.calls.find((c) => c.api === 'getImageInfo')!.options as { src: string };
    const uploaded = wx.calls.filter((c) => c.api === 'uploadFile').at(-1)!.options as { filePath: string };
    expect(uploaded.filePath).not.toBe(getInfo.src);
    expect(wx.calls.find((c) => c.api === 'canvasToTempFilePath')?.outcome).toBe('ok');
  });
});
