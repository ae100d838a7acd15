import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { Status } from '@linli/shared';
import { LoginGate } from '../../components/login-gate';
import { PageShell } from '../../components/page-shell';
import { ReportRow } from '../../components/report-row';
import { formatTime } from '../../lib/format';
import { listReports, type ReportSummary } from '../../services/api';
import { useSession } from '../../store/session';
import { useLiveChanges } from '../../hooks/use-live-changes';
import { useUnreadBadge } from '../../hooks/use-unread-badge';
import './index.css';

const filters: { label: string; statuses: Status[] }[] = [
  { label: '全部', statuses: [] },
  { label: '处理中', statuses: ['submitted', 'assigned', 'accepted'] },
  { label: '待评价', statuses: ['resolved'] },
  { label: '已完成', statuses: ['closed'] },
];

/** 我的报事: my reports with a status filter, pull to refresh, more on scroll. */
export default function MyReports() {
  useUnreadBadge();
  const session = useSession();
  const [filter, setFilter] = useState(0);
  const [items, setItems] = useState<ReportSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (reset: boolean, which = filter) => {
      if (!session.user) return;
      setLoading(true);
      try {
        const page = await listReports({ status: filters[which]!.statuses, cursor: reset ? null : cursor, limit: 10 });
        setItems((prev) => (reset ? page.items : [...prev, ...page.items]));
        setCursor(page.nextCursor);
      } finally {
        setLoading(false);
      }
    },
    [filter, cursor, session.user],
  );

  useDidShow(() => void load(true));
  useEffect(() => {
    if (session.user) void load(true);
    // Only a change of user reloads; filter changes load through choose().
  }, [session.user]);
  usePullDownRefresh(() => {
    void load(true).finally(() => Taro.stopPullDownRefresh());
  });
  useLiveChanges(() => void load(true));
  useReachBottom(() => {
    if (cursor && !loading) void load(false);
  });

  const choose = (i: number) => {
    setFilter(i);
    setCursor(null);
    void load(true, i);
  };

  return (
    <PageShell>
      <LoginGate>
        <View className="tabs" role="tablist">
          {filters.map((f, i) => (
            <View key={f.label} role="tab" aria-selected={i === filter} className={`tabs__item ${i === filter ? 'tabs__item--on' : ''}`} onClick={() => choose(i)}>
              <Text>{f.label}</Text>
            </View>
          ))}
        </View>
        {items.map((r) => (
          <ReportRow key={r.id} report={r} meta={`${r.grids[0]?.name ?? '待街道分派'} · ${formatTime(r.createdAt)}`} />
        ))}
        {!loading && items.length === 0 ? <Text className="muted empty">暂无报事</Text> : null}
        {loading ? <Text className="muted empty">加载中…</Text> : null}
        {!loading && items.length > 0 && !cursor ? <Text className="muted empty">没有更多了</Text> : null}
      </LoginGate>
    </PageShell>
  );
}
