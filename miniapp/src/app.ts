import { createElement, type PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { platform } from './platform';
import { privacyStore } from './lib/privacy-store';
import { clientConfig } from './services/client-config';
import { SessionProvider } from './store/session';
import './app.css';

// WeChat holds a privacy API (location, photos, microphone) until the app's own consent popup answers
// (components/privacy-consent.tsx, shown by every page).
platform.onPrivacyNeeded((answer) => privacyStore.ask(answer));

/** The app shell: every page shares the session and care-mode state. */
function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    platform.checkRuntime();
    // Subscribe template ids are needed inside taps, where there is no time to fetch them.
    void clientConfig.load();
    void platform.privacyPending().then((pending) => pending && privacyStore.askOnLaunch());
  });
  return createElement(SessionProvider, null, children);
}

export default App;
