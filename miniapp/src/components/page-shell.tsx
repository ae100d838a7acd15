import { View } from '@tarojs/components';
import type { PropsWithChildren } from 'react';
import { useSession } from '../store/session';

/** Every page's root: applies care mode (larger text and targets) to the whole page at once. */
export function PageShell({ children, className = '' }: PropsWithChildren<{ className?: string }>) {
  const { careMode } = useSession();
  return <View className={`page ${careMode ? 'page--care' : ''} ${className}`}>{children}</View>;
}
