import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { invitationCodeSchema } from '@linli/shared';
import { bindInvitation } from '../services/api';
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

  async function bind() {
    const parsed = invitationCodeSchema.safeParse(code);
    if (!parsed.success) return setProblem(parsed.error.issues[0]?.message ?? '邀请码格式不对');
    setBusy(true);
    setProblem(null);
    try {
      session.adopt(await bindInvitation(parsed.data));
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
      <Text className="muted">输入管理员给您的8位邀请码，本微信将成为您的工作人员账号。</Text>
      <Input className="input" maxlength={9} value={code} placeholder="邀请码，例如 7KQ2-M9XD" onInput={(e) => setCode(e.detail.value)} nativeProps={{ 'aria-label': '邀请码' }} />
      {problem ? <Text className="error">{problem}</Text> : null}
      <Button className="btn btn--primary" loading={busy || undefined} disabled={busy || undefined} onClick={() => void bind()}>
        绑定
      </Button>
    </View>
  );
}
