import { useEffect, useState, type PropsWithChildren } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { Role } from '@linli/shared';
import { listDemoUsers } from '../services/api';
import { platform } from '../platform';
import { useSession } from '../store/session';

export const staffRoles: Role[] = ['grid_worker', 'grid_leader', 'dispatcher', 'unit_handler'];
const roleWords: Partial<Record<Role, string>> = { grid_worker: '网格员', grid_leader: '网格长', dispatcher: '指挥中心', unit_handler: '承办单位' };

/** The workbench is for staff: their WeChat account is bound by an admin; the H5 demo offers its staff accounts. */
export function StaffGate({ children }: PropsWithChildren) {
  const session = useSession();
  const [demo, setDemo] = useState<{ openid: string; name: string | null; role: Role }[]>([]);
  const isStaff = !!session.user && staffRoles.includes(session.user.role);

  useEffect(() => {
    if (isStaff || platform.name !== 'h5') return;
    Promise.all(staffRoles.map((r) => listDemoUsers(r).then((x) => x.items, () => [])))
      .then((lists) => setDemo(lists.flat().slice(0, 60)))
      .catch(() => setDemo([]));
  }, [isStaff]);

  if (isStaff) return <>{children}</>;
  return (
    <View className="card login">
      <Text className="login__title">工作台仅供网格员、网格长和指挥中心使用</Text>
      {platform.name === 'weapp' ? (
        <Text className="muted">请让管理员把您的微信账号登记为工作人员，然后重新进入。</Text>
      ) : (
        <View>
          <Text className="muted">演示环境：请选择一位工作人员登录</Text>
          {demo.map((u) => (
            <Button key={u.openid} className="btn btn--outline login__pick" onClick={() => void session.loginAsDemo(u.openid, u.role)}>
              {u.name ?? u.openid}（{roleWords[u.role]}）
            </Button>
          ))}
        </View>
      )}
    </View>
  );
}
