export default definePageConfig({
  enablePageMeta: true,
  navigationBarTitleText: '报事处置',
});
