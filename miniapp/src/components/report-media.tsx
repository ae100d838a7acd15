import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ReportView } from '@linli/shared';
import { mediaUrl } from '../services/media-url';
import { AudioClip } from './audio-clip';

/** What was reported: the words, the transcript when it says more, the original voice clips and the photos. */
export function ReportMedia({ report }: { report: Pick<ReportView, 'description' | 'transcript' | 'voiceIds' | 'photoIds'> }) {
  const urls = report.photoIds.map(mediaUrl);
  return (
    <>
      <Text className="detail__desc">{report.description}</Text>
      {report.transcript && report.transcript !== report.description ? <Text className="muted">语音转写：{report.transcript}</Text> : null}
      {report.voiceIds.map((id, i) => (
        <AudioClip key={id} src={mediaUrl(id)} label={`第${i + 1}段录音`} />
      ))}
      {urls.length ? (
        <View className="photos">
          {urls.map((url) => (
            <Image key={url} className="photos__item" src={url} mode="aspectFill" onClick={() => void Taro.previewImage({ urls, current: url })} />
          ))}
        </View>
      ) : null}
    </>
  );
}
