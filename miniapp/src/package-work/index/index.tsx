import { useCallback, useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { consoleRoles, distanceMetres, type GridBoundary, type Status } from '@linli/shared';
import { PageShell } from '../../components/page-shell';
import { StaffGate } from '../../components/staff-gate';
import { StatusChip } from '../../components/status-chip';
import { actionQueue } from '../../lib/action-queue';
import { roleLabels, timeAgo } from '../../lib/format';
import { byUrgency, slaText } from '../../lib/sla-text';
import { taroStore } from '../../lib/storage';
import { actOnReport, gridBoundaries, listGrids, listReports, type ReportSummary } from '../../services/api';
import { PlaceMap, type MapPoint } from '../../components/place-map';
import { platform } from '../../platform';
import { RequestError } from '../../services/request';
import { newIdempotencyKey } from '../../lib/idempotency';
import { WorkBadges } from '../../components/work-badges';
import { useSession } from '../../store/session';
import { replayQueue } from '../replay';
import { sessionParam } from '../console-login/session-param';
import './index.css';

const tabs: { label: string; statuses: Status[] }[] = [
  { label: '待办', statuses: ['assigned', 'submitted', 'verifying'] },
  { label: '处理中', statuses: ['accepted'] },
  { label: '已办', statuses: ['resolved', 'closed'] },
];
const queue = actionQueue(taroStore);

const distanceText = (m: number) => (m < 50 ? '就在附近' : m < 1000 ? `约${Math.round(m / 10) * 10}米` : `约${(m / 1000).toFixed(1)}公里`);

/** 工作台: 待办 (late and oldest first), 处理中, 已办 — with counts; leaders see their whole subtree. */
export default function Workbench() {
  const session = useSession();
  const [tab, setTab] = useState(0);
  const [lists, setLists] = useState<ReportSummary[][]>([[], [], []]);
  const [queued, setQueued] = useState(queue.list().length);
  const [notice, setNotice] = useState<string | null>(null);
  const me = session.user;

  const load = useCallback(async () => {
    if (!me) return;
    const replayed = await replayQueue(queue);
    setQueued(replayed.left);
    if (replayed.sent.length || replayed.refused.length) {
      setNotice([replayed.sent.length ? `已补交${replayed.sent.length}个离线操作` : '', ...replayed.refused.map((a) => `「${a.label}」未能提交：报事已被他人处理`)].filter(Boolean).join('；'));
    }
    const all = await Promise.all(tabs.map((t) => listReports({ status: t.statuses, limit: 50 }).then((r) => r.items, () => [] as ReportSummary[])));
    // A worker's 待办 is what is theirs to sign or do; leaders and the dispatcher see everything in scope.
    const mine = (r: ReportSummary) => me.role !== 'grid_worker' || r.assignee?.id === me.id;
    setLists([byUrgency(all[0]!.filter(mine)), byUrgency(all[1]!.filter(mine)), all[2]!.filter(mine)]);
  }, [me]);

  // 签收 from the list: the common first step without opening the report.
  const [signing, setSigning] = useState<string | null>(null);
  async function sign(id: string) {
    if (signing) return;
    setSigning(id);
    try {
      await actOnReport(id, { action: 'accept' }, newIdempotencyKey());
      setNotice('已签收');
      await load();
    } catch (err) {
      setNotice(err instanceof RequestError ? err.message : '签收没有成功，请再试一次');
    } finally {
      setSigning(null);
    }
  }

  // Where the worker is, to take the nearest first: asked for only when they choose to sort by distance.
  const [here, setHere] = useState<{ lng: number; lat: number } | null>(null);
  async function sortByDistance() {
    try {
      setHere(await platform.getLocation());
    } catch {
      setNotice('没有获取到您的位置，无法按距离排序');
    }
  }
  const away = (r: ReportSummary) => (here && r.location.lng !== undefined && r.location.lat !== undefined ? distanceMetres(here, { lng: r.location.lng, lat: r.location.lat }) : Infinity);
  const shown = here ? [...lists[tab]!].sort((a, b) => away(a) - away(b)) : lists[tab]!;

  // The grids this person looks after, by name.
  const [gridNames, setGridNames] = useState('');
  useEffect(() => {
    if (!me?.gridCodes.length) return setGridNames('');
    listGrids().then(
      (r) => setGridNames(me.gridCodes.map((c) => r.items.find((g) => g.code === c)?.name ?? c).join('、')),
      () => setGridNames(''),
    );
  }, [me]);

  // 今日任务地图: every open task (待办 and 处理中) with a place, on the worker's grids; late ones in red.
  const [showMap, setShowMap] = useState(false);
  const [areas, setAreas] = useState<GridBoundary[]>([]);
  useEffect(() => {
    if (!showMap || !me?.gridCodes.length) return;
    gridBoundaries(me.gridCodes).then((r) => setAreas(r.items), () => setAreas([]));
  }, [showMap, me]);
  const tasks: MapPoint[] = [...lists[0]!, ...lists[1]!].flatMap((r) =>
    r.location.lng !== undefined && r.location.lat !== undefined
      ? [{ id: r.id, lng: r.location.lng, lat: r.location.lat, late: slaText(r).late, label: `${r.category?.name ?? r.categoryCode}：${r.description.slice(0, 20)}` }]
      : [],
  );

  useDidShow(() => void load());
  // Signing in on this page changes what it shows.
  useEffect(() => void load(), [load]);
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  /** The console's QR code scanned from the workbench: the same confirmation page the code's link opens. */
  async function scanConsoleCode() {
    const scanned = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] }).catch(() => null);
    if (!scanned) return;
    const id = sessionParam({ q: encodeURIComponent(scanned.result) });
    if (!id) return void Taro.showToast({ title: '这不是指挥中心的登录二维码', icon: 'none' });
    await Taro.navigateTo({ url: `/package-work/console-login/index?session=${id}` });
  }

  return (
    <PageShell className="work">
      <StaffGate>
        <View className="work__head">
          <View>
            <Text className="work__who">
              {me?.name ?? ''}（{roleLabels[me?.role ?? 'grid_worker']}）
            </Text>
            {gridNames ? <Text className="muted work__grids">{gridNames}</Text> : null}
          </View>
          <Button className="btn btn--outline btn--small" onClick={() => void Taro.navigateTo({ url: '/package-work/file/index' })}>
            代居民报事
          </Button>
          {platform.name === 'weapp' && me && (consoleRoles as readonly string[]).includes(me.role) ? (
            <Button className="btn btn--outline btn--small" onClick={() => void scanConsoleCode()}>
              扫码登录电脑端
            </Button>
          ) : null}
          <Button className="btn btn--text btn--small" onClick={session.logout}>
            退出登录
          </Button>
        </View>
        {queued ? (
          <View className="card queue-banner">
            <Text>有{queued}个操作等待联网提交</Text>
            <Button className="btn btn--outline btn--small" onClick={() => void load()}>
              立即重试
            </Button>
          </View>
        ) : null}
        {notice ? <View className="card">{notice}</View> : null}
        {lists[0]!.length + lists[1]!.length ? (
          <Button className="btn btn--outline btn--small" onClick={() => setShowMap(!showMap)}>
            {showMap ? '收起地图' : `今日任务地图（${tasks.length}）`}
          </Button>
        ) : null}
        {showMap ? (
          tasks.length ? (
            <PlaceMap label="今日任务地图" points={tasks} areas={areas} onPoint={(id) => void Taro.navigateTo({ url: `/package-work/detail/index?id=${id}` })} />
          ) : (
            <Text className="muted">待办和处理中的报事都没有定位，无法在地图上显示。</Text>
          )
        ) : null}
        <View className="tabs" role="tablist">
          {tabs.map((t, i) => (
            <View key={t.label} role="tab" aria-selected={i === tab} className={`tabs__item ${i === tab ? 'tabs__item--on' : ''}`} onClick={() => setTab(i)}>
              <Text>
                {t.label} {lists[i]!.length}
              </Text>
            </View>
          ))}
        </View>
        {lists[tab]!.length === 0 ? <Text className="muted">没有{tabs[tab]!.label}的报事</Text> : null}
        {lists[tab]!.length > 1 ? (
          <Button className="btn btn--text btn--small" onClick={() => (here ? setHere(null) : void sortByDistance())}>
            {here ? '按紧急程度排序' : '离我最近的排前面'}
          </Button>
        ) : null}
        {shown.map((r) => {
          const sla = slaText(r);
          return (
            <View key={r.id} role="button" className="card report-row work-row" onClick={() => void Taro.navigateTo({ url: `/package-work/detail/index?id=${r.id}` })}>
              <View className="report-row__main">
                <Text className="report-row__title">{r.category?.name ?? r.categoryCode}</Text>
                <WorkBadges report={r} />
                <Text className="report-row__desc">{r.description}</Text>
                <Text className="muted">
                  {r.grids[0]?.name ?? '未入网格'} · {timeAgo(r.createdAt)}
                  {Number.isFinite(away(r)) ? ` · ${distanceText(away(r))}` : ''}
                </Text>
                {sla.text ? <Text className={`work-row__sla ${sla.late ? 'work-row__sla--late' : ''}`}>{sla.text}</Text> : null}
              </View>
              <View className="report-row__side">
                <StatusChip status={r.status} />
                {r.allowedActions.includes('accept') ? (
                  <Button
                    className="btn btn--primary btn--small"
                    loading={signing === r.id || undefined}
                    onClick={(e) => {
                      e.stopPropagation();
                      void sign(r.id);
                    }}
                  >
                    签收
                  </Button>
                ) : null}
              </View>
            </View>
          );
        })}
      </StaffGate>
    </PageShell>
  );
}
