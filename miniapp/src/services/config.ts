/** Where the API lives: same origin on H5 (served by the server), an absolute URL on weapp (TARO_APP_API). */
export const API_BASE: string = process.env.TARO_ENV === 'h5' ? '' : (process.env.TARO_APP_API ?? 'http://127.0.0.1:3000');
