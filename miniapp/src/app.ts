import { createElement, type PropsWithChildren } from 'react';
import Taro from '@tarojs/taro';
import { platform } from './platform';
import { SessionProvider } from './store/session';
import './app.css';

// WeChat asks the app to show its own consent before a privacy-sensitive API (location, photos) runs.
platform.onPrivacyNeeded((resolve) => {
  void Taro.showModal({
    title: '隐私保护提示',
    content: '为了确定报事位置、上传现场照片，我们需要使用您的位置信息和相册。详情见“我的 - 隐私政策”。',
    confirmText: '同意',
    cancelText: '拒绝',
  }).then(({ confirm }) => resolve(confirm));
});

/** The app shell: every page shares the session and care-mode state. */
function App({ children }: PropsWithChildren) {
  return createElement(SessionProvider, null, children);
}

export default App;
