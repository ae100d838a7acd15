export default definePageConfig({
  navigationBarTitleText: '报事已提交',
  enablePageMeta: true,
});
