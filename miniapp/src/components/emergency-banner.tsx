import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { emergencyNumbers, emergencyOf } from '@linli/shared';

/**
 * Words of a fire, a gas leak, an injury or a fight: before anything else, the number to call, one tap away. Reporting
 * here still works, but nobody should wait for a grid worker while a kitchen burns.
 */
export function EmergencyBanner({ text }: { text: string }) {
  const emergency = emergencyOf(text);
  if (!emergency) return null;
  const call = (phoneNumber: string) => void Taro.makePhoneCall({ phoneNumber }).catch(() => undefined);
  const first = emergencyNumbers.find((n) => n.call === emergency.call)!;
  return (
    <View className="card emergency" role="alert">
      <Text className="emergency__title">{emergency.message}？紧急情况请立即拨打 110 / 119 / 120</Text>
      <Button className="btn btn--danger btn--huge" onClick={() => call(first.call)}>
        拨打 {first.call}（{first.name}）
      </Button>
      <View className="emergency__others">
        {emergencyNumbers
          .filter((n) => n.call !== first.call)
          .map((n) => (
            <Button key={n.call} className="btn btn--outline btn--small" onClick={() => call(n.call)}>
              {n.call} {n.name}
            </Button>
          ))}
      </View>
      <Text className="muted">打完电话后，仍可以在这里报事，方便网格员跟进。</Text>
    </View>
  );
}
