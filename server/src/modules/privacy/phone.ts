import { createHmac } from 'node:crypto';

/** 138****5678: enough for staff to recognise a caller, not to call them. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** The key that links repeat callers to one resident record without storing the number in the account's id. */
export function phoneKey(phone: string, secret: string): string {
  return `phone:${createHmac('sha256', secret).update(phone).digest('hex').slice(0, 32)}`;
}
