import Taro, { useDidShow } from '@tarojs/taro';
import { listNotifications } from '../services/api';
import { useSession } from '../store/session';

// 我的报事: where the updates are about.
const REPORTS_TAB = 1;

/** On every tab page: the unread updates as a badge on 我的报事, so a change is noticed without opening 消息通知. */
export function useUnreadBadge(): void {
  const { user } = useSession();
  useDidShow(() => {
    if (!user) return;
    listNotifications().then(
      ({ unread }) =>
        unread > 0
          ? Taro.setTabBarBadge({ index: REPORTS_TAB, text: unread > 99 ? '99+' : String(unread) }).catch(() => undefined)
          : Taro.removeTabBarBadge({ index: REPORTS_TAB }).catch(() => undefined),
      () => undefined,
    );
  });
}
