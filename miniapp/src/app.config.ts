export default defineAppConfig({
  // Tab pages live in the main package; the report flow is a subpackage loaded on first use.
  pages: ['pages/index/index', 'pages/reports/index', 'pages/me/index'],
  subPackages: [
    { root: 'package-report', pages: ['new/index', 'detail/index', 'rate/index', 'notifications/index', 'voice/index', 'done/index'] },
    // The workbench for grid workers, leaders and the dispatcher: loaded only by staff.
    { root: 'package-work', pages: ['index/index', 'detail/index', 'file/index', 'console-login/index'] },
  ],
  preloadRule: { 'pages/index/index': { network: 'all', packages: ['package-report'] } },
  window: {
    navigationBarTitleText: '邻里报事',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundTextStyle: 'dark',
    backgroundColor: '#f4f5f6',
  },
  tabBar: {
    color: '#595959',
    selectedColor: '#075e43',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-on.png' },
      { pagePath: 'pages/reports/index', text: '我的报事', iconPath: 'assets/tab/list.png', selectedIconPath: 'assets/tab/list-on.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-on.png' },
    ],
  },
  // Components are injected when a page uses them, not all at launch.
  lazyCodeLoading: 'requiredComponents',
  sitemapLocation: 'sitemap.json',
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: {
    'scope.userLocation': { desc: '用于确定您报事的位置，并派给所在网格的网格员处理' },
  },
  __usePrivacyCheck__: true,
  // WechatSI (同声传译) needs the AppID to be granted the plug-in; builds without it record plain mp3.
  ...(process.env.TARO_APP_WECHATSI === '1' ? { plugins: { WechatSI: { version: '0.3.6', provider: 'wx069ba97219f66d99' } } } : {}),
});
