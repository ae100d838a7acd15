export default definePageConfig({
  enablePageMeta: true,
  navigationBarTitleText: '我要报事',
});
