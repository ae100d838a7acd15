// Taro's preset for React + TypeScript; the webpack5 runner compiles with it.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5', useBuiltIns: false }]],
};
