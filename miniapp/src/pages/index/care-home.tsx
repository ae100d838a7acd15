import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { HoldToTalk } from '../../components/hold-to-talk';
import { StatusChip } from '../../components/status-chip';
import { reportSentence } from '../../lib/sentences';
import { voiceDraft } from '../../lib/voice-draft';
import type { RecordedClip } from '../../platform/types';
import type { ReportSummary } from '../../services/api';
import { useSession } from '../../store/session';

const VOICE_PAGE = '/package-report/voice/index';

/** 关怀模式 home: one huge press-to-talk button, the resident's reports read as sentences, a big 评价 when owed. */
export function CareHome({ recent, gridName }: { recent: ReportSummary[]; gridName: string | null }) {
  const session = useSession();
  const owed = recent.find((r) => r.canRate);

  const recorded = (clip: RecordedClip) => {
    voiceDraft.clear();
    voiceDraft.add(clip);
    void Taro.navigateTo({ url: VOICE_PAGE });
  };

  return (
    <View className="care-home">
      {owed ? (
        <Button className="btn btn--primary btn--huge care-home__rate" data-main="true" onClick={() => void Taro.navigateTo({ url: `/package-report/rate/index?id=${owed.id}` })}>
          请评价：{owed.category?.name ?? ''}问题已办结
        </Button>
      ) : null}
      <HoldToTalk className="care-home__talk" label="按住说话 报事" onClip={recorded} />
      <Text className="care-home__tip">说清楚是什么问题、在哪里。位置会自动获取{gridName ? `（${gridName}）` : ''}。</Text>
      <View className="section">
        <Text className="section__title">我的报事</Text>
        {recent.length === 0 ? <Text className="care-home__empty">还没有报事记录</Text> : null}
        {recent.map((r) => (
          <View key={r.id} role="button" className="card care-home__report" onClick={() => void Taro.navigateTo({ url: `/package-report/detail/index?id=${r.id}` })}>
            <Text className="care-home__sentence">{reportSentence(r)}</Text>
            <StatusChip status={r.status} />
          </View>
        ))}
      </View>
      <Button className="btn btn--outline" onClick={() => void Taro.navigateTo({ url: '/package-report/new/index' })}>
        用文字和照片报事
      </Button>
      <Button className="btn btn--outline care-entry" onClick={() => void session.setCareMode(false)}>
        切换回标准模式
      </Button>
    </View>
  );
}
