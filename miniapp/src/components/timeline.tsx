import { Image, Text, View } from '@tarojs/components';
import { timelineEventNames, type TimelineEntryView } from '@linli/shared';
import { formatTime, roleLabels } from '../lib/format';
import { mediaUrl } from '../services/media-url';

/** Who (by role and grid) did what, when, with replies and photos — newest last. */
export function Timeline({ entries }: { entries: TimelineEntryView[] }) {
  return (
    <View className="timeline">
      {entries.map((t, i) => (
        <View className="timeline__item" key={i}>
          <View className="timeline__dot" />
          <View className="timeline__body">
            <View className="timeline__head">
              <Text className="timeline__action">{timelineEventNames[t.action]}</Text>
              <Text className="timeline__time">{formatTime(t.at)}</Text>
            </View>
            <Text className="timeline__actor">
              {[t.actor.gridName, roleLabels[t.actor.role] ?? t.actor.role, t.actor.name].filter(Boolean).join(' · ')}
            </Text>
            {t.note ? <Text className="timeline__note">{t.note}</Text> : null}
            {t.photoIds?.length ? (
              <View className="photos">
                {t.photoIds.map((id) => (
                  <Image key={id} className="photos__item" src={mediaUrl(id)} mode="aspectFill" />
                ))}
              </View>
            ) : null}
          </View>
        </View>
      ))}
    </View>
  );
}
