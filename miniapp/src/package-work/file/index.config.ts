export default definePageConfig({
  enablePageMeta: true,
  navigationBarTitleText: '代居民报事',
});
