import { View, Text, Button } from '@tarojs/components';
import { roleNames } from '@linli/shared';
import './index.css';

/** Home page placeholder: the resident app arrives with its own issue. */
export default function Index() {
  return (
    <View className="home">
      <Text className="home__title">邻里报事</Text>
      <Text className="home__subtitle">身边的问题，随手一报，网格员来办</Text>
      <Button className="home__report">我要报事</Button>
      <Text className="home__note">当前身份：{roleNames.resident}</Text>
    </View>
  );
}
