import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { NotificationView } from '@linli/shared';
import { LoginGate } from '../../components/login-gate';
import { PageShell } from '../../components/page-shell';
import { formatTime } from '../../lib/format';
import { listNotifications, markAllRead } from '../../services/api';
import './index.css';

/** 消息通知: every status update pushed to me, newest first; opening the page marks them read. */
export default function Notifications() {
  const [items, setItems] = useState<NotificationView[] | null>(null);

  useDidShow(() => {
    listNotifications()
      .then((r) => {
        setItems(r.items);
        if (r.unread > 0) void markAllRead().catch(() => undefined);
      })
      .catch(() => setItems([]));
  });

  return (
    <PageShell>
      <LoginGate>
        {items === null ? <Text className="muted">加载中…</Text> : null}
        {items?.length === 0 ? <Text className="muted">暂无消息</Text> : null}
        {items?.map((n) => (
          <View key={n.id} role="button" className={`card notice-item ${n.read ? '' : 'notice-item--unread'}`} onClick={() => void Taro.navigateTo({ url: `/package-report/detail/index?id=${n.reportId}` })}>
            <View className="notice-item__head">
              <Text className="notice-item__title">{n.title}</Text>
              {n.read ? null : <Text className="chip chip--info">未读</Text>}
            </View>
            <Text className="notice-item__body">{n.body}</Text>
            <Text className="muted">{formatTime(n.createdAt)}</Text>
          </View>
        ))}
      </LoginGate>
    </PageShell>
  );
}
