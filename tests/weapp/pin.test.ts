import { existsSync } from 'node:fs';
import path from 'node:path';
import { useTestDb } from '../support/db';
import { weappDist } from '../support/weapp/mini-program';
import { signIn, useStreetAndPhone } from '../support/weapp/phone';
import { centreOf } from '../support/world';

// The place of a report on WeChat's map before submitting: seen, moved by a tap, and given an address line.
const db = useTestDb();
const t = useStreetAndPhone(db, (phone) => {
  const here = centreOf('DS-A1-C1-G1');
  phone.wx.user.position = { latitude: here.lat, longitude: here.lng };
});

interface Marker {
  id: number;
  latitude: number;
  longitude: number;
  iconPath: string;
}
interface Polygon {
  points: { latitude: number; longitude: number }[];
  strokeColor: string;
  fillColor: string;
}

describe('the report place on a phone', () => {
  it('shows the pin in its grid on the map, moves it where the resident taps, and sends the address line', async () => {
    const { app } = t.phone;
    const [gridA, gridB] = await Promise.all(['DS-A1-C1-G1', 'DS-A1-C1-G2'].map((code) => db.models.Grid.findOne({ code }).lean()));
    await app.launch();
    await app.until(() => app.find('同意'), 'the privacy consent on first launch');
    app.tap('同意');
    await signIn(app);
    app.tap('我要报事');
    await app.until(() => app.shows(`所在网格：${gridA!.name}`) && app.all('map').length, 'the position and its map');

    const map = app.all('map')[0]!;
    const markers = app.attr(map, 'markers') as Marker[];
    expect(markers).toEqual([expect.objectContaining({ id: 0, latitude: centreOf('DS-A1-C1-G1').lat, longitude: centreOf('DS-A1-C1-G1').lng })]);
    // WeChat draws a marker only from an image the package holds; colours are #RRGGBBAA.
    expect(existsSync(path.join(weappDist, markers[0]!.iconPath))).toBe(true);
    await app.until(() => ((app.attr(app.all('map')[0]!, 'polygons') as Polygon[] | undefined) ?? []).length > 0, 'the grid outline');
    const outline = (app.attr(app.all('map')[0]!, 'polygons') as Polygon[])[0]!;
    expect(outline.points.length).toBeGreaterThanOrEqual(4);
    expect(outline.strokeColor).toMatch(/^#[0-9a-f]{8}$/i);

    // The pin was on the wrong block: the resident taps the right one, in the grid next door.
    const there = centreOf('DS-A1-C1-G2');
    app.tapMap(there);
    await app.until(() => app.shows(`所在网格：${gridB!.name}`), 'the grid of the moved pin');
    app.type('详细地址（选填），例如：3栋2单元门口', '5栋东侧路灯');
    app.tap('路灯照明');
    await app.until(() => app.shows('具体是（选填）'), 'the category chosen');
    app.type('请描述问题和具体位置，例如：3号楼东侧路灯不亮已两天', '路灯不亮了');
    app.tap('提交报事');
    await app.until(() => app.page.route === 'package-report/detail/index', 'the report page after submitting');

    const user = await db.models.User.findOne({ openid: t.phone.openid }).lean();
    const report = await db.models.Report.findOne({ residentId: user!._id }).lean();
    expect(report).toMatchObject({ gridCode: 'DS-A1-C1-G2', location: { lng: there.lng, lat: there.lat, address: '5栋东侧路灯' } });
    expect(app.errors).toEqual([]);
  });
});
