// The dashboard's login: one fleet password (given, or generated and printed at start), compared in constant
// time; a random session cookie (HttpOnly, SameSite=Strict); five wrong passwords lock the login for 30 s.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const SESSION_MS = 12 * 3600_000;

export interface DashboardAuth {
  password: string;
  /** a session token, or null with how long to wait (ms; 0 = wrong password) */
  login(password: string, now?: number): { token: string } | { token: null; retryAfterMs: number };
  check(cookieHeader: string | undefined, now?: number): boolean;
  logout(cookieHeader: string | undefined): void;
}

export const COOKIE = 'fleet_session';

function tokenOf(cookieHeader: string | undefined): string | null {
  const m = new RegExp(`(?:^|;\\s*)${COOKIE}=([0-9a-f]{64})(?:;|$)`).exec(cookieHeader ?? '');
  return m ? m[1]! : null;
}

export function createDashboardAuth(password?: string): DashboardAuth {
  const pw = password ?? randomBytes(12).toString('base64url');
  const want = createHash('sha256').update(pw).digest();
  const sessions = new Map<string, number>();
  let failures = 0;
  let lockedUntil = 0;
  return {
    password: pw,
    login(given, now = Date.now()) {
      if (now < lockedUntil) return { token: null, retryAfterMs: lockedUntil - now };
      const ok = timingSafeEqual(createHash('sha256').update(given).digest(), want);
      if (!ok) {
        if (++failures >= 5) {
          failures = 0;
          lockedUntil = now + 30_000;
          return { token: null, retryAfterMs: 30_000 };
        }
        return { token: null, retryAfterMs: 0 };
      }
      failures = 0;
      const token = randomBytes(32).toString('hex');
      sessions.set(token, now + SESSION_MS);
      return { token };
    },
    check(cookieHeader, now = Date.now()) {
      const t = tokenOf(cookieHeader);
      const exp = t ? sessions.get(t) : undefined;
      if (!t || exp === undefined) return false;
      if (exp < now) {
        sessions.delete(t);
        return false;
      }
      return true;
    },
    logout(cookieHeader) {
      const t = tokenOf(cookieHeader);
      if (t) sessions.delete(t);
    },
  };
}
