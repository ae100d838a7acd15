import { useCallback, useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { Category } from '@linli/shared';
import { LoginGate } from '../../components/login-gate';
import { PageShell } from '../../components/page-shell';
import { ReportRow } from '../../components/report-row';
import { categoryIcons, timeAgo } from '../../lib/format';
import { platform } from '../../platform';
import { listCategories, listReports, locateGrid, type ReportSummary } from '../../services/api';
import { useSession } from '../../store/session';
import { CareHome } from './care-home';
import { useUnreadBadge } from '../../hooks/use-unread-badge';
import './index.css';

const NEW_REPORT = '/package-report/new/index';
// WeChat's standard font is 16–17 px; a resident who chose larger type is offered care mode first.
const LARGE_FONT_PX = 20;

/** 首页: the big 我要报事 entry, common categories, the resident's grid and recent reports. */
export default function Home() {
  useUnreadBadge();
  const session = useSession();
  const [categories, setCategories] = useState<Category[]>([]);
  const [gridName, setGridName] = useState<string | null>(null);
  const [recent, setRecent] = useState<ReportSummary[]>([]);
  const [largeFont] = useState(() => platform.systemFontPx() >= LARGE_FONT_PX);

  const refresh = useCallback(async () => {
    listCategories()
      .then((r) => setCategories(r.items.slice(0, 4)))
      .catch(() => undefined);
    if (!session.user) return;
    listReports({ limit: session.careMode ? 5 : 3 })
      .then((r) => setRecent(r.items))
      .catch(() => undefined);
    try {
      const here = await platform.getLocation();
      const { grids } = await locateGrid(here.lng, here.lat);
      setGridName(grids[0]?.name ?? '');
    } catch {
      setGridName(null);
    }
  }, [session.user, session.careMode]);

  useDidShow(() => void refresh());
  // Signing in on this page changes what it shows.
  useEffect(() => void refresh(), [refresh]);

  const report = (categoryCode?: string) => Taro.navigateTo({ url: categoryCode ? `${NEW_REPORT}?category=${categoryCode}` : NEW_REPORT });

  return (
    <PageShell className="home">
      <View className="home__hero">
        <Text className="home__title" data-main="true">
          邻里报事
        </Text>
        <Text className="home__subtitle">身边的问题，随手一报，网格员来办</Text>
      </View>
      {session.careMode ? null : (
        <View role="button" className={`card care-entry ${largeFont ? 'care-entry--suggested' : ''}`} onClick={() => void session.setCareMode(true)}>
          <Text className="care-entry__title">关怀模式（长辈版）</Text>
          <Text className="muted">{largeFont ? '您调大了字体，试试关怀模式：字更大、按钮更大，按住说话就能报事' : '字更大、按钮更大，按住说话就能报事'}</Text>
        </View>
      )}
      <LoginGate>
        {session.careMode ? (
          <CareHome recent={recent} gridName={gridName} />
        ) : (
          <>
            <Button className="btn btn--primary btn--huge home__report" onClick={() => void report()}>
              我要报事
            </Button>
            <View className="home__grid card">
              <Text className="home__grid-label">您所在网格：</Text>
              <Text className="home__grid-name">{gridName === null ? '正在定位…' : gridName || '不在已划分的网格内，将由街道指挥中心分派'}</Text>
            </View>
            <View className="section">
              <Text className="section__title">常见问题</Text>
              <View className="categories categories--row">
                {categories.map((c) => (
                  <View key={c.code} role="button" className="category" onClick={() => void report(c.code)}>
                    <Text className="category__icon">{categoryIcons[c.icon] ?? '📋'}</Text>
                    <Text className="category__name">{c.name}</Text>
                  </View>
                ))}
              </View>
            </View>
            <View className="section">
              <View className="section__head">
                <Text className="section__title">最近报事</Text>
                <Text className="link" onClick={() => void Taro.switchTab({ url: '/pages/reports/index' })}>
                  全部
                </Text>
              </View>
              {recent.length === 0 ? <Text className="muted">还没有报事记录</Text> : null}
              {recent.map((r) => (
                <ReportRow key={r.id} report={r} meta={timeAgo(r.createdAt)} />
              ))}
            </View>
          </>
        )}
      </LoginGate>
    </PageShell>
  );
}
