import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { mediaUrl } from '../services/media-url';

/** A row of photos that open full-screen, with what they are. */
export function PhotoRow({ ids, label }: { ids: string[]; label: string }) {
  const urls = ids.map(mediaUrl);
  return (
    <View aria-label={label}>
      <Text className="muted">{label}</Text>
      <View className="photos">
        {urls.map((url) => (
          <Image key={url} className="photos__item" src={url} mode="aspectFill" onClick={() => void Taro.previewImage({ urls, current: url })} />
        ))}
      </View>
    </View>
  );
}
