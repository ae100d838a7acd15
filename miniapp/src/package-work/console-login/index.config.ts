export default definePageConfig({
  enablePageMeta: true,
  navigationBarTitleText: '登录电脑端指挥中心',
});
