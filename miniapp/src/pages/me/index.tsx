import { useState } from 'react';
import { Button, Switch, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { consoleRoles, privacyGuide, type SubscriptionState } from '@linli/shared';
import { LoginGate } from '../../components/login-gate';
import { staffRoles } from '../../components/staff-gate';
import { PageShell } from '../../components/page-shell';
import { appKeys, taroStore } from '../../lib/storage';
import { deleteMyAccount, getMyData, listNotifications, listSubscriptions } from '../../services/api';
import { useSession } from '../../store/session';
import { useUnreadBadge } from '../../hooks/use-unread-badge';
import { StaffBind } from '../../components/staff-bind';
import { ConsoleSessions } from '../../components/console-sessions';
import './index.css';

/** 我的: login state, notifications, 关怀模式, privacy, clearing local data. */
export default function Me() {
  useUnreadBadge();
  const session = useSession();
  // An invitation's QR code opens this page with ?invite=CODE.
  const { params } = useRouter();
  const [subs, setSubs] = useState<SubscriptionState[]>([]);
  const [showPrivacy, setShowPrivacy] = useState(false);
  const [unread, setUnread] = useState(0);
  const [mine, setMine] = useState<string | null>(null);
  // Bumped each time the page shows: a console confirmed on another page appears in 已登录的电脑 on return.
  const [shown, setShown] = useState(0);

  useDidShow(() => {
    setShown((n) => n + 1);
    if (!session.user) return;
    listSubscriptions().then((r) => setSubs(r.items), () => setSubs([]));
    listNotifications().then((r) => setUnread(r.unread), () => setUnread(0));
  });

  const clearLocal = async () => {
    const { confirm } = await Taro.showModal({ title: '清除本机数据', content: '将清除草稿和登录状态，已提交的报事不受影响。' });
    if (!confirm) return;
    for (const k of appKeys) taroStore.remove(k);
    session.logout();
    void Taro.showToast({ title: '已清除', icon: 'none' });
  };

  // 查阅: what the server holds about the resident, in one line (the full record is GET /api/v1/me/export).
  const showMyData = async () => {
    const d = await getMyData().catch(() => null);
    setMine(d ? `账号：${d.account.name ?? '未填写称呼'}；报事${d.reports.length}条；关注${d.following.length}条；消息${d.notifications.length}条` : '暂时无法读取，请稍后再试');
  };

  // 注销: the server anonymises the reports and ends every session of this account.
  const deleteAccount = async () => {
    const { confirm } = await Taro.showModal({ title: '注销账号', content: '注销后无法恢复。您的报事会匿名保留（去掉地址、电话和录音），关注和消息将删除。' });
    if (!confirm) return;
    try {
      await deleteMyAccount();
    } catch {
      return;
    }
    for (const k of appKeys) taroStore.remove(k);
    session.logout();
    void Taro.showToast({ title: '账号已注销', icon: 'none' });
  };

  const active = subs.filter((s) => s.active && (s.kind === 'long_term' || s.quota > 0));
  return (
    <PageShell>
      <LoginGate>
        <View className="card">
          <Text className="me__name">{session.user?.name ?? '居民'}</Text>
          <Text className="muted">已登录</Text>
        </View>
      </LoginGate>
      <View className="card setting">
        <View className="setting__text">
          <Text className="setting__title">关怀模式（长辈版）</Text>
          <Text className="muted">更大的字和按钮</Text>
        </View>
        <Switch className="care-switch" checked={session.careMode} onChange={(e) => void session.setCareMode(e.detail.value)} aria-label="关怀模式" nativeProps={{ 'aria-label': '关怀模式（长辈版）' }} />
      </View>
      {session.user && staffRoles.includes(session.user.role) ? (
        <View role="button" className="card setting" onClick={() => void Taro.navigateTo({ url: '/package-work/index/index' })}>
          <View className="setting__text">
            <Text className="setting__title">工作台</Text>
            <Text className="muted">待办、处理中、已办，代居民报事</Text>
          </View>
          <Text className="link">进入</Text>
        </View>
      ) : null}
      {session.user?.role === 'resident' ? <StaffBind invite={params.invite} /> : null}
      {session.user && (consoleRoles as readonly string[]).includes(session.user.role) ? <ConsoleSessions shown={shown} /> : null}
      {session.user ? (
        <View role="button" className="card setting notices-entry" onClick={() => void Taro.navigateTo({ url: '/package-report/notifications/index' })}>
          <View className="setting__text">
            <Text className="setting__title">消息通知</Text>
            <Text className="muted">{unread ? `${unread}条未读` : '没有未读消息'}</Text>
          </View>
          <Text className="link">查看</Text>
        </View>
      ) : null}
      <View className="card setting">
        <View className="setting__text">
          <Text className="setting__title">进度通知</Text>
          <Text className="muted">{active.length ? `已开启，可接收${active.some((s) => s.kind === 'long_term') ? '多' : active.reduce((n, s) => n + s.quota, 0)}条进度提醒` : '未开启：提交报事时可选择接收进度提醒'}</Text>
        </View>
      </View>
      <View role="button" aria-expanded={showPrivacy} className="card setting" onClick={() => setShowPrivacy(!showPrivacy)}>
        <Text className="setting__title">隐私政策</Text>
        <Text className="link">{showPrivacy ? '收起' : '查看'}</Text>
      </View>
      {showPrivacy ? (
        <View className="card privacy">
          {privacyGuide.map((p) => (
            <Text key={p} className="privacy__point">
              {p}
            </Text>
          ))}
          {session.user?.role === 'resident' ? (
            <View>
              <Button className="btn btn--outline" onClick={() => void showMyData()}>
                查看我的数据
              </Button>
              {mine ? <Text className="muted">{mine}</Text> : null}
              <Button className="btn btn--text" onClick={() => void deleteAccount()}>
                注销账号
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
      <Button className="btn btn--outline" onClick={() => void clearLocal()}>
        清除本机数据
      </Button>
      {session.user ? (
        <Button className="btn btn--text" onClick={session.logout}>
          退出登录
        </Button>
      ) : null}
    </PageShell>
  );
}
