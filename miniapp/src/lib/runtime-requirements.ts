/**
 * The oldest WeChat base library the app works on: agreePrivacyAuthorization buttons whose id WeChat checks (2.32.3).
 * Set the same minimum in the admin console (设置 → 基本设置 → 基础库最低版本设置); below it the app asks for an update.
 */
export const MIN_BASE_LIBRARY = '2.32.3';

/** -1, 0 or 1 comparing dotted versions. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}
