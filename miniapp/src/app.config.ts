export default defineAppConfig({
  pages: ['pages/index/index'],
  window: {
    navigationBarTitleText: '邻里报事',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundTextStyle: 'light',
  },
});
