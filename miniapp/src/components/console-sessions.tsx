import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { ConsoleSessionView } from '@linli/shared';
import { listConsoleSessions, signOutConsoleSession } from '../services/api';

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** 已登录的电脑: the consoles this member signed in by QR code, each with 退出 (a computer left signed in, or lost). */
export function ConsoleSessions({ shown }: { shown: number }) {
  const [items, setItems] = useState<ConsoleSessionView[] | null>(null);
  const load = () => listConsoleSessions().then((r) => setItems(r.items), () => setItems([]));
  useEffect(() => void load(), [shown]);

  if (!items?.length) return null;
  return (
    <View className="card console-sessions">
      <Text className="setting__title">已登录的电脑</Text>
      {items.map((s) => (
        <View key={s.id} className="setting">
          <View className="setting__text">
            <Text className="console-sessions__line">{s.device}</Text>
            <Text className="muted console-sessions__line">
              网络 {s.place}，{when(s.signedInAt)} 登录
            </Text>
          </View>
          <Button className="btn btn--outline btn--small" onClick={() => void signOutConsoleSession(s.id).then(load, load)}>
            退出
          </Button>
        </View>
      ))}
    </View>
  );
}
