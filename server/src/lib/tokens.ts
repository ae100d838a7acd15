import { SignJWT, jwtVerify, errors } from 'jose';
import type { Role } from '@linli/shared';

export interface SessionClaims {
  userId: string;
  role: Role;
  /** A console sign-in's id: such a token is good only while that session is signed in (modules/console-sessions). */
  sid?: string;
}

export type VerifyResult = { ok: true; claims: SessionClaims } | { ok: false; reason: 'expired' | 'invalid' };

const issuer = 'linli';
const audience = 'linli-api';

/** Signs and verifies session tokens (HS256 JWT); the secret never leaves the server. */
export function sessionTokens(secret: string, ttlHours: number) {
  const key = new TextEncoder().encode(secret);
  return {
    async sign(claims: SessionClaims, now = new Date(), expiresAt = new Date(now.getTime() + ttlHours * 3_600_000)): Promise<{ token: string; expiresAt: Date }> {
      const token = await new SignJWT({ role: claims.role, ...(claims.sid ? { sid: claims.sid } : {}) })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(Math.floor(now.getTime() / 1000))
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key);
      return { token, expiresAt };
    },

    async verify(token: string): Promise<VerifyResult> {
      try {
        const { payload } = await jwtVerify(token, key, { issuer, audience, algorithms: ['HS256'] });
        if (typeof payload.sub !== 'string' || typeof payload.role !== 'string') return { ok: false, reason: 'invalid' };
        const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
        return { ok: true, claims: { userId: payload.sub, role: payload.role as Role, ...(sid ? { sid } : {}) } };
      } catch (err) {
        return { ok: false, reason: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
      }
    },
  };
}

export type SessionTokens = ReturnType<typeof sessionTokens>;
