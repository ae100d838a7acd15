import { useEffect, useState, type PropsWithChildren } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { listDemoResidents } from '../services/api';
import { useSession } from '../store/session';
import { platform } from '../platform';

/** Shows its children when signed in; otherwise WeChat login (weapp) or the demo resident picker (H5). */
export function LoginGate({ children }: PropsWithChildren) {
  const session = useSession();
  const [demo, setDemo] = useState<{ openid: string; name: string | null }[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (session.user || platform.name !== 'h5') return;
    listDemoResidents()
      .then((r) => setDemo(r.items))
      .catch(() => setDemo([]));
  }, [session.user]);

  if (session.user) return <>{children}</>;

  const wechat = async () => {
    setBusy(true);
    try {
      await session.loginWithWechat();
    } catch {
      void Taro.showToast({ title: '登录失败，请重试', icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="card login">
      <Text className="login__title">登录后即可报事、查看进度</Text>
      {platform.name === 'weapp' ? (
        <Button className="btn btn--primary" loading={busy || undefined} onClick={wechat}>
          微信一键登录
        </Button>
      ) : (
        <View className="login__demo">
          <Text className="muted">演示环境：请选择一位示例居民登录</Text>
          {demo.map((r) => (
            <Button key={r.openid} className="btn btn--outline login__pick" onClick={() => void session.loginAsDemo(r.openid)}>
              {r.name ?? r.openid}
            </Button>
          ))}
          {demo.length === 0 ? <Text className="muted">暂无示例居民（需要以 npm start 启动演示数据）</Text> : null}
        </View>
      )}
    </View>
  );
}
