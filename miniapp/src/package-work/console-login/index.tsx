import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { consoleRoles } from '@linli/shared';
import { PageShell } from '../../components/page-shell';
import type { ConsoleSessionRequest } from '@linli/shared';
import { confirmConsoleSession, getConsoleRequest } from '../../services/api';
import { RequestError } from '../../services/request';
import { useSession } from '../../store/session';
import { sessionParam } from './session-param';

const time = (iso: string) => new Date(iso).toLocaleTimeString('zh-CN', { hour12: false, hour: '2-digit', minute: '2-digit' });

/** Opened by scanning the console's QR code: says which browser asks, and signs it in only when the member confirms. */
export default function ConsoleLogin() {
  const { params } = useRouter();
  const session = useSession();
  const id = sessionParam(params);
  const allowed = !!session.user && (consoleRoles as readonly string[]).includes(session.user.role);
  const [asked, setAsked] = useState<ConsoleSessionRequest | null>(null);
  const [state, setState] = useState<'loading' | 'ask' | 'done' | 'cancelled' | 'failed'>('loading');
  const [problem, setProblem] = useState<string | null>(null);

  useLoad(() => {
    if (!id) return (setProblem('二维码无效，请在电脑上刷新二维码后重新扫描'), setState('failed'));
    if (!allowed) return setState('failed');
    getConsoleRequest(id).then(
      (r) => {
        setAsked(r);
        if (r.status === 'pending') return setState('ask');
        setProblem(r.status === 'expired' ? '二维码已过期，请在电脑上刷新二维码' : '这个二维码已经用过了，请在电脑上刷新二维码');
        setState('failed');
      },
      (err: unknown) => (setProblem(err instanceof RequestError ? err.message : '读取失败，请重新扫描'), setState('failed')),
    );
  });

  async function confirm() {
    if (!id) return;
    try {
      await confirmConsoleSession(id);
      setState('done');
    } catch (err) {
      setProblem(err instanceof RequestError ? err.message : '登录失败，请重新扫描');
      setState('failed');
    }
  }

  return (
    <PageShell>
      <View className="card console-login">
        {!allowed ? (
          <View>
            <Text className="login__title">请用工作人员的微信扫码</Text>
            <Text className="muted">电脑端指挥中心供街道指挥中心、网格长和管理员使用。新同事请先在“我的 → 工作人员绑定”中输入邀请码。</Text>
            <Button className="btn btn--outline" onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}>
              去“我的”
            </Button>
          </View>
        ) : state === 'loading' ? (
          <Text className="muted">正在读取登录请求…</Text>
        ) : state === 'ask' && asked ? (
          <View>
            <Text className="login__title">登录电脑端指挥中心？</Text>
            <Text className="console-login__who">
              将以“{session.user?.name ?? '您'}”的身份登录，可查看您负责范围内的报事。
            </Text>
            <Text className="muted console-login__where">
              请求来自：{asked.device}，网络 {asked.place}，{time(asked.createdAt)} 发起
            </Text>
            <Text className="muted">如果不是您本人在电脑前操作，请点“取消”。</Text>
            <Button className="btn btn--primary btn--huge" onClick={() => void confirm()}>
              确认登录
            </Button>
            <Button className="btn btn--outline" onClick={() => setState('cancelled')}>
              取消
            </Button>
          </View>
        ) : state === 'done' ? (
          <View>
            <Text className="login__title">已登录电脑端指挥中心</Text>
            <Text className="muted">可在电脑上继续操作。离开电脑时请点“退出”，或在这里重新扫码前先退出。</Text>
          </View>
        ) : state === 'cancelled' ? (
          <Text className="login__title">已取消，电脑端未登录</Text>
        ) : (
          <View role="alert">
            <Text className="login__title">无法登录</Text>
            <Text className="muted">{problem ?? '请在电脑上刷新二维码后重新扫描'}</Text>
          </View>
        )}
      </View>
    </PageShell>
  );
}
