import { Button, Text, View } from '@tarojs/components';
import { platform } from '../platform';
import type { Capability } from '../platform/types';

const names: Record<Capability, { what: string; setting: string }> = {
  location: { what: '位置', setting: '位置信息' },
  photos: { what: '相机和相册', setting: '相机' },
  microphone: { what: '麦克风', setting: '麦克风' },
};

/**
 * What to do after a permission was denied: WeChat will not ask again, so the user is sent to its settings page (from
 * this tap, as WeChat requires) and the page goes on when they come back with it turned on.
 */
export function PermissionHelp({ capability, onEnabled }: { capability: Capability; onEnabled: () => void }) {
  const n = names[capability];
  const open = () => {
    // First thing in the tap: WeChat opens its settings page only from a user's tap.
    const opened = platform.openSettings();
    void opened.then((on) => {
      if (on?.[capability]) onEnabled();
    });
  };
  return (
    <View className="card permission-help" role="alert">
      <Text>
        您没有允许使用{n.what}。请点下面的按钮，在设置里打开“{n.setting}”，回来后继续。
      </Text>
      {platform.name === 'weapp' ? (
        <Button className="btn btn--outline" onClick={open}>
          去设置打开{n.what}
        </Button>
      ) : (
        <Text className="muted">在浏览器地址栏左侧的网站设置里允许{n.what}，然后再试一次。</Text>
      )}
    </View>
  );
}
