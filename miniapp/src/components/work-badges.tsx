import { Text, View } from '@tarojs/components';
import type { ReportView } from '@linli/shared';

type Badged = Pick<ReportView, 'round' | 'supervision' | 'urges' | 'urgent' | 'hotline' | 'onBehalfOf'>;

/** Why a report in the workbench needs more than its status says: 紧急, 重办, 督办, 催办, 12345, filed for an elder (代办). */
export function WorkBadges({ report: r }: { report: Badged }) {
  const badges = [
    r.urgent ? { text: '紧急', tone: 'late' } : null,
    r.round > 1 ? { text: `重办·第${r.round}轮`, tone: 'warn' } : null,
    r.supervision.level === 'red' ? { text: '红牌督办', tone: 'late' } : r.supervision.level === 'yellow' ? { text: '黄牌预警', tone: 'warn' } : null,
    r.urges > 0 ? { text: `居民催办${r.urges > 1 ? `×${r.urges}` : ''}`, tone: 'warn' } : null,
    r.hotline ? { text: `12345·${r.hotline.appealType}`, tone: 'info' } : null,
    // Filed for someone else: whoever calls back asks for the family member by name.
    r.onBehalfOf ? { text: `亲友代办·${r.onBehalfOf.name}`, tone: 'info' } : null,
  ].filter((b): b is { text: string; tone: string } => b !== null);
  if (!badges.length) return null;
  return (
    <View className="badges">
      {badges.map((b) => (
        <Text key={b.text} className={`badge badge--${b.tone}`}>
          {b.text}
        </Text>
      ))}
    </View>
  );
}
