export default definePageConfig({
  navigationBarTitleText: '确认报事',
  enablePageMeta: true,
});
