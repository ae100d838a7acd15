import { Text } from '@tarojs/components';
import type { Status } from '@linli/shared';
import { statusLabel, statusTone } from '../lib/format';

/** A status in words on a tinted chip: colour is never the only cue. */
export function StatusChip({ status }: { status: Status }) {
  return <Text className={`chip chip--${statusTone[status]}`}>{statusLabel(status)}</Text>;
}
