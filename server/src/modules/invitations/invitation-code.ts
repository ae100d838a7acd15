import { createHmac, randomInt } from 'node:crypto';
import { INVITATION_ALPHABET } from '@linli/shared';

/** A fresh one-time code: 8 characters from 31 (≈ 40 bits), drawn with the CSPRNG. */
export function newInvitationCode(): string {
  return Array.from({ length: 8 }, () => INVITATION_ALPHABET[randomInt(INVITATION_ALPHABET.length)]).join('');
}

/** 7KQ2M9XD → 7KQ2-M9XD, as it is shown and read out. */
export const displayCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

/**
 * The stored key of a code: a keyed hash, so that neither the database nor the ids shown in lists can be turned back
 * into a code by trying all 31⁸ of them.
 */
export function invitationKey(code: string, secret: string): string {
  return createHmac('sha256', secret).update(`invitation:${code}`).digest('hex');
}
