import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { gcj02ToWgs84 } from '@linli/shared';
import { seedDemo } from '../../server/src/modules/demo/seed-demo';
import { sampleStaff } from '../../server/src/modules/demo/dingshan-sample';
import { Api } from '../support/api';
import { launchBrowser, phoneContext, snap } from '../support/browser';
import { auditCareMode } from '../support/care-audit';
import { useTestDb } from '../support/db';
import { h5 } from '../support/h5';
import { solidPng } from '../support/png';
import { startTestServer, type TestServer } from '../support/server';
import { centreOf } from '../support/world';

// One journey, end to end on two phones: 张阿姨 (关怀模式) reports by voice for her mother 王奶奶 (亲友代办); the grid
// worker signs from the list; the deadline passes and 张阿姨 urges; the worker resolves with a watermarked camera
// photo; 张阿姨 rates. Screenshots: artifacts/screenshots/journey-*.
const db = useTestDb();
let server: TestServer;
let api: Api;
let browser: Browser;
const phones: BrowserContext[] = [];

const GRID = 'DS-A1-C1-G1';
const here = gcj02ToWgs84(centreOf(GRID));
const workerName = sampleStaff.find((s) => s.openid === `demo-worker-${GRID}-social`)!.name;

beforeAll(async () => {
  server = await startTestServer(db);
  await seedDemo(server.services);
  api = new Api(server.url);
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  for (const p of phones) await p.close();
  await browser?.close();
  await server?.close();
});

async function phone(): Promise<Page> {
  const c = await phoneContext(browser, here);
  phones.push(c);
  return c.newPage();
}

/** Holds the talk button until the recorder's clock shows `seconds`, then lets go: the finger waits for the app. */
async function pressAndHold(page: Page, selector: string, seconds: number) {
  const box = (await page.locator(selector).filter({ visible: true }).last().boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.getByText(new RegExp(`^0:0${seconds}\\b`)).filter({ visible: true }).first().waitFor();
  await page.mouse.up();
}

describe('a relative reports for an elder by voice, and sees it through to the rating', () => {
  it('goes from a spoken report filed for 王奶奶 to 张阿姨’s rating of the watermarked repair', async () => {
    const zhang = await phone();
    const z = h5(() => zhang, () => server.url);
    const worker = await phone();
    const w = h5(() => worker, () => server.url);

    // 1. 张阿姨 in 关怀模式 holds to speak, then says it is for her mother.
    await z.open('/pages/index/index');
    await z.text('张阿姨').click();
    await z.visible('.home__report').waitFor();
    await z.text('关怀模式（长辈版）').click();
    await z.visible('.hold__button').waitFor();
    await pressAndHold(zhang, '.hold__button', 2);
    await z.text('✓ 录音已保存').waitFor({ timeout: 15_000 });
    await z.text('替家人报事（亲友代办）').click();
    await z.text('父母', true).click();
    await zhang.getByLabel('家人的称呼').filter({ visible: true }).fill('王奶奶');
    await zhang.getByLabel('回电号码').filter({ visible: true }).fill('13912345678');
    await snap(zhang, 'journey-01-voice-for-mother');
    // Still 关怀模式 by the numbers with the new controls on the page.
    expect((await auditCareMode(zhang, '确认报事 (亲友代办)')).misses).toEqual([]);
    await z.text('确认提交', true).click();
    await z.text('✓ 报事已提交').waitFor();

    const user = await db.models.User.findOne({ openid: 'demo-resident-zhang' }).lean();
    const filed = (await db.models.Report.findOne({ residentId: user!._id }).lean())!;
    const id = String(filed._id);
    expect(filed).toMatchObject({ onBehalfOf: { name: '王奶奶', relation: '父母' }, contactPhone: '13912345678', gridCode: GRID, status: 'assigned' });
    expect(filed.voiceIds).toHaveLength(1);

    // 2. The grid worker signs it from the list; the row says it is filed for an elder.
    await w.open('/package-work/index/index');
    await w.text(`${workerName}（网格员）`).click();
    const row = worker.locator('.work-row').filter({ visible: true, hasText: '亲友代办·王奶奶' });
    await row.first().waitFor();
    await snap(worker, 'journey-02-worker-list');
    await row.first().locator('.btn', { hasText: '签收' }).click();
    await w.text('处理中 1').waitFor();
    expect((await db.models.Report.findById(id).lean())!.status).toBe('accepted');

    // 3. The deadline passes without a fix; 张阿姨 urges it.
    await db.models.Report.updateOne({ _id: id }, { $set: { resolveBy: new Date(Date.now() - 60_000) } });
    await z.open(`/package-report/detail/index?id=${id}`);
    await z.text('催办（已超过办理时限）').click();
    await z.text('今天已催办，明天可以再催').waitFor();
    await snap(zhang, 'journey-03-urged');
    expect(await db.models.Report.findById(id).lean()).toMatchObject({ urges: 1 });

    // 4. The worker sees 催办, resolves it with a camera photo that gets a time-and-place watermark.
    await w.open(`/package-work/detail/index?id=${id}`);
    await w.text('居民催办', true).waitFor();
    await w.text('办结', true).click();
    await w.visible('.act__textarea textarea').fill('已上门看望王奶奶，帮她修好了家里的灯');
    const chooser = worker.waitForEvent('filechooser');
    await w.text('＋ 拍摄处置后照片').click();
    await (await chooser).setFiles({ name: 'after.png', mimeType: 'image/png', buffer: solidPng(640, 480, [200, 200, 200]) });
    await w.text('已上传1张').waitFor();
    await w.visible('.photos__item').scrollIntoViewIfNeeded();
    await snap(worker, 'journey-04-stamped-photo');
    await w.text('确认办结').click();
    await w.text('已办结', true).waitFor();
    const resolved = (await db.models.Report.findById(id).lean())!;
    const photoId = String(resolved.timeline.at(-1)!.photoIds![0]);
    const stored = await fetch(`${server.url}/api/v1/media/${photoId}`, { headers: { authorization: `Bearer ${(await api.login(`demo-worker-${GRID}-social`, 'grid_worker')).token}` } });
    const { data, info } = await sharp(Buffer.from(await stored.arrayBuffer())).raw().toBuffer({ resolveWithObject: true });
    const grey = (x: number, y: number) => data[(y * info.width + x) * info.channels]!;
    // The light photo stays light at the top; the bottom carries the dark watermark band.
    expect(info.width).toBe(640);
    expect(grey(320, 10)).toBeGreaterThan(180);
    expect(grey(info.width - 5, info.height - 5)).toBeLessThan(130);

    // 5. 张阿姨's 关怀模式 home asks her, in one big button, to rate it; she does.
    await z.open('/pages/index/index');
    await z.text('请评价：', false).click();
    await z.text('提交评价').waitFor();
    await zhang.locator('[aria-label="5分 非常满意"]').filter({ visible: true }).click();
    await z.text('提交评价').click();
    await z.text('感谢您的评价').waitFor();
    await snap(zhang, 'journey-05-rated');
    expect(await db.models.Report.findById(id).lean()).toMatchObject({ ratings: [expect.objectContaining({ score: 5 })] });
  }, 180_000);
});
