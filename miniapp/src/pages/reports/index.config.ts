export default definePageConfig({
  enablePageMeta: true,
  navigationBarTitleText: '我的报事',
  enablePullDownRefresh: true,
});
