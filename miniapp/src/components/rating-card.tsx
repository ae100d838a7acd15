import { Text, View } from '@tarojs/components';
import { ratingLabels, type ReportView } from '@linli/shared';
import { formatTime } from '../lib/format';

/** The ratings given, round by round: stars, the tags chosen and the words — for the reporter and for staff. */
export function RatingCard({ ratings, title }: { ratings: ReportView['ratings']; title: string }) {
  if (!ratings.length) return null;
  return (
    <View className="card">
      <Text className="section__title">{title}</Text>
      {ratings.map((r) => (
        <View key={r.round} className="rating-row">
          <Text className="rating-row__score">
            {'★'.repeat(r.score)}
            {'☆'.repeat(5 - r.score)} {ratingLabels[r.score as keyof typeof ratingLabels]}
            {ratings.length > 1 ? `（第${r.round}轮）` : ''}
          </Text>
          {r.tags.length ? (
            <View className="badges">
              {r.tags.map((t) => (
                <Text key={t} className="badge badge--info">
                  {t}
                </Text>
              ))}
            </View>
          ) : null}
          {r.comment ? <Text className="rating-row__comment">{r.comment}</Text> : null}
          <Text className="muted">{formatTime(r.at)}</Text>
        </View>
      ))}
    </View>
  );
}
