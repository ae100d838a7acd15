export default definePageConfig({
  enablePageMeta: true,
  navigationBarTitleText: '报事详情',
  enablePullDownRefresh: true,
});
