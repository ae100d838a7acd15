import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { SubscriptionState } from '@linli/shared';
import { askSubscription } from '../lib/subscribe';
import { listSubscriptions, reportSubscriptions } from '../services/api';
import { clientConfig } from '../services/client-config';

/** Whether progress messages will reach the resident, and a button to (re)subscribe — WeChat asks only from a tap. */
export function SubscribeCard() {
  const [subs, setSubs] = useState<SubscriptionState[] | null>(null);
  const refresh = () => listSubscriptions().then((r) => setSubs(r.items), () => setSubs([]));
  // On mount (the page's first show can come before this card is there) and on every return to the page.
  const load = () => {
    void refresh();
    void clientConfig.load();
  };
  useEffect(load, []);
  useDidShow(load);

  const active = (subs ?? []).filter((s) => s.active && (s.kind === 'long_term' || s.quota > 0));
  const subscribe = async () => {
    // First thing in the tap: WeChat shows the dialog only then.
    const results = await askSubscription();
    if (!results) {
      void Taro.showToast({ title: '请在微信小程序中开启进度提醒', icon: 'none' });
      return;
    }
    await reportSubscriptions(results).catch(() => undefined);
    await refresh();
  };

  if (subs === null) return null;
  return (
    <View className="card setting subscribe-card">
      <View className="setting__text">
        <Text className="setting__title">微信进度提醒</Text>
        <Text className="muted">{active.length ? `已开启${active.some((s) => s.kind === 'long_term') ? '' : `，还可接收${active.reduce((n, s) => n + s.quota, 0)}条`}` : '未开启：办理进度只在这里显示'}</Text>
      </View>
      <Button className="btn btn--outline btn--small" onClick={() => void subscribe()}>
        {active.length ? '再开启一次' : '开启提醒'}
      </Button>
    </View>
  );
}
