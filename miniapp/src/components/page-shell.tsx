import { useEffect, type PropsWithChildren } from 'react';
import { PageMeta, View } from '@tarojs/components';
import { platform } from '../platform';
import { useSession } from '../store/session';
import { PrivacyConsent } from './privacy-consent';

let fontPx: number | null = null;
/** The user's own font size, read once: care mode scales every size from it. */
function systemFont(): number {
  fontPx ??= Math.max(16, platform.systemFontPx());
  return fontPx;
}

/**
 * Every page's root. Care mode (关怀模式) swaps the size tokens for the whole page at once; its sizes grow from
 * the user's font setting — `page-meta root-font-size="system"` makes 1rem the WeChat font size on weapp, and
 * the browser's own default size stands in for it on H5 (where Taro uses rem for screen width).
 */
export function PageShell({ children, className = '' }: PropsWithChildren<{ className?: string }>) {
  const { careMode } = useSession();
  const weapp = process.env.TARO_ENV === 'weapp';

  // H5's tab bar lives outside the page: a class on <body> lets care mode enlarge it too.
  useEffect(() => {
    if (!weapp) document.body.classList.toggle('care-mode', careMode);
  }, [careMode, weapp]);
  // H5: Taro's page container is what scrolls; focusable, it scrolls from the keyboard too.
  useEffect(() => {
    if (!weapp) document.querySelectorAll('.taro_page:not([tabindex])').forEach((el) => el.setAttribute('tabindex', '0'));
  }, [weapp]);

  const style = careMode ? ({ '--care-base': weapp ? '1rem' : `${systemFont()}px` } as Record<string, string>) : undefined;
  return (
    <>
      {weapp ? <PageMeta rootFontSize="system" pageFontSize="system" /> : null}
      <View className={`page ${careMode ? 'page--care' : ''} ${className}`} style={style}>
        {children}
        {weapp ? <PrivacyConsent /> : null}
      </View>
    </>
  );
}
