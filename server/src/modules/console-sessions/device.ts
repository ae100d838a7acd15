import Bowser from 'bowser';

/** "Chrome 131 · Windows": enough for a staff member to recognise the browser asking to sign in. */
export function describeDevice(userAgent: string): string {
  if (!userAgent) return '未知浏览器';
  const ua = Bowser.parse(userAgent);
  const browser = [ua.browser.name, ua.browser.version?.split('.')[0]].filter(Boolean).join(' ');
  const os = ua.os.name ?? '';
  return [browser || '未知浏览器', os].filter(Boolean).join(' · ').slice(0, 120);
}

/** 203.0.113.* / 2001:db8:1:*: the network, not the machine. */
export function maskAddress(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d+\.\d+\.\d+)\.\d+$/.exec(ip);
  if (v4) return `${v4[1]}.*`;
  const groups = ip.split(':').filter(Boolean);
  return groups.length ? `${groups.slice(0, 3).join(':')}:*` : '未知';
}
