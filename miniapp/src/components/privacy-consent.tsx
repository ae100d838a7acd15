import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { platform } from '../platform';
import { privacyStore } from '../lib/privacy-store';

const AGREE_ID = 'privacy-agree';

/**
 * WeChat's privacy consent, in the app's own popup: shown when WeChat holds a privacy API (location, photos,
 * microphone) and on first launch. 同意 is WeChat's agreePrivacyAuthorization button — the only thing WeChat accepts
 * as consent — and its id is what the app hands back; 拒绝 leaves the app usable without those APIs.
 */
export function PrivacyConsent() {
  const [open, setOpen] = useState(privacyStore.open);
  useEffect(() => {
    const sync = () => setOpen(privacyStore.open);
    const stop = privacyStore.subscribe(sync);
    // An ask that came between the first render and this effect is not missed.
    sync();
    return stop;
  }, []);
  if (!open) return null;
  const agreeProps = { openType: 'agreePrivacyAuthorization', id: AGREE_ID, onAgreePrivacyAuthorization: () => privacyStore.answer({ agreed: true, buttonId: AGREE_ID }) };
  return (
    <View className="privacy-consent" role="dialog" aria-modal="true" aria-label="用户隐私保护提示">
      <View className="privacy-consent__box">
        <Text className="privacy-consent__title">用户隐私保护提示</Text>
        <Text className="privacy-consent__text">为处理您报的事，邻里报事会收集：</Text>
        <Text className="privacy-consent__item">· 位置：确定问题所在网格，派给负责的网格员</Text>
        <Text className="privacy-consent__item">· 照片和相机：上传现场照片</Text>
        <Text className="privacy-consent__item">· 麦克风：语音报事，录音原样保存</Text>
        <Text className="privacy-consent__item">· 手机号：仅在您提供时（如打电话请工作人员代为登记）</Text>
        <Text className="privacy-consent__text">
          能看到这些信息的，是处理和督办这件事的工作人员：所在网格的网格员，社区、片区和街道的网格长，街道指挥中心。其他居民看不到您的姓名、照片和录音。
        </Text>
        <View className="privacy-consent__link" role="link" onClick={() => platform.openPrivacyContract()}>
          阅读《邻里报事小程序隐私保护指引》
        </View>
        <View className="privacy-consent__actions">
          <Button className="btn btn--outline" onClick={() => privacyStore.answer({ agreed: false })}>
            拒绝
          </Button>
          <Button className="btn btn--primary" {...(agreeProps as object)}>
            同意
          </Button>
        </View>
        <Text className="muted">拒绝后仍可文字报事：选择所在网格代替定位，不附照片。</Text>
      </View>
    </View>
  );
}
