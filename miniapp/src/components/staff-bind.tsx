import { useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { invitationCodeSchema } from '@linli/shared';
import { bindByPhone, bindInvitation } from '../services/api';
import { clientConfig } from '../services/client-config';
import { RequestError } from '../services/request';
import { useSession } from '../store/session';

/**
 * 工作人员绑定: a resident account that was given an invitation code (or opened the invitation's QR code, which
 * brings the code along) becomes the invited staff account, and goes to the workbench.
 */
export function StaffBind({ invite }: { invite?: string }) {
  const session = useSession();
  const [open, setOpen] = useState(!!invite);
  const [code, setCode] = useState(invite ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Only a certified 政务民生 account may read verified phones, and only inside WeChat.
  const [byPhone, setByPhone] = useState(false);
  useEffect(() => {
    if (process.env.TARO_ENV === 'weapp') void clientConfig.load().then((c) => setByPhone(!!c?.phoneBinding));
  }, []);

  async function bind() {
    const parsed = invitationCodeSchema.safeParse(code);
    if (!parsed.success) return setProblem(parsed.error.issues[0]?.message ?? '邀请码格式不对');
    await redeem(() => bindInvitation(parsed.data));
  }

  // WeChat's button answers a one-time code when the user shares the number; anything else says why not.
  async function phoneAnswered(detail: { code?: string; errno?: number; errMsg?: string }) {
    if (detail.code) return redeem(() => bindByPhone(detail.code!));
    if (detail.errno === 104) return setProblem('请先同意隐私保护指引，再点“用本机手机号绑定”');
    setProblem(/deny|cancel/.test(detail.errMsg ?? '') ? '没有获得手机号，也可以输入邀请码绑定' : '暂时无法获取手机号，请输入邀请码绑定');
  }

  async function redeem(call: () => ReturnType<typeof bindInvitation>) {
    setBusy(true);
    setProblem(null);
    try {
      session.adopt(await call());
      void Taro.showToast({ title: '已绑定为工作人员', icon: 'none' });
      await Taro.navigateTo({ url: '/package-work/index/index' });
    } catch (err) {
      setProblem(err instanceof RequestError ? err.message : '绑定没有成功，请再试一次');
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <View role="button" className="card setting" onClick={() => setOpen(true)}>
        <View className="setting__text">
          <Text className="setting__title">工作人员绑定</Text>
          <Text className="muted">网格员、网格长等凭邀请码绑定本微信</Text>
        </View>
        <Text className="link">绑定</Text>
      </View>
    );
  }
  return (
    <View className="card">
      <Text className="setting__title">工作人员绑定</Text>
      <Text className="muted">输入管理员给您的8位邀请码，本微信将成为您的工作人员账号{byPhone ? '；邀请时登记了您的手机号的，也可以用本机手机号绑定' : ''}。</Text>
      <Input className="input" maxlength={9} value={code} placeholder="邀请码，例如 7KQ2-M9XD" onInput={(e) => setCode(e.detail.value)} nativeProps={{ 'aria-label': '邀请码' }} />
      {problem ? <Text className="error">{problem}</Text> : null}
      <Button className="btn btn--primary" loading={busy || undefined} disabled={busy || undefined} onClick={() => void bind()}>
        绑定
      </Button>
      {byPhone ? (
        <Button className="btn btn--outline" openType="getPhoneNumber" disabled={busy || undefined} onGetPhoneNumber={(e) => void phoneAnswered(e.detail)}>
          用本机手机号绑定
        </Button>
      ) : null}
    </View>
  );
}
