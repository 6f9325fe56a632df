// Login sessions (in memory: a restart logs everyone out) and the login throttle.
import crypto from 'node:crypto';

export interface Session {
  userId: number;
  expiresAt: number;
}

const SESSION_MS = 12 * 60 * 60 * 1000;
const FREE_FAILURES = 3;
const MAX_WAIT_S = 15 * 60;
const FORGET_MS = 30 * 60 * 1000;

export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #failures = new Map<string, { count: number; until: number }>();

  create(userId: number, now: Date): string {
    const token = crypto.randomBytes(24).toString('base64url');
    this.#sessions.set(token, { userId, expiresAt: now.getTime() + SESSION_MS });
    return token;
  }

  get(token: string | undefined, now: Date): Session | undefined {
    if (!token) return undefined;
    const s = this.#sessions.get(token);
    if (!s) return undefined;
    if (s.expiresAt <= now.getTime()) {
      this.#sessions.delete(token);
      return undefined;
    }
    s.expiresAt = now.getTime() + SESSION_MS;
    return s;
  }

  end(token: string | undefined): void {
    if (token) this.#sessions.delete(token);
  }

  /** Ends every session of a user (but `keep`, the caller's own, when given). */
  endAllFor(userId: number, keep?: string): void {
    for (const [token, s] of this.#sessions) if (s.userId === userId && token !== keep) this.#sessions.delete(token);
  }

  /** Seconds the caller must still wait before another login attempt for this name, or 0. */
  waitSeconds(username: string, now: Date): number {
    const f = this.#failures.get(username);
    if (!f || f.until <= now.getTime()) return 0;
    return Math.ceil((f.until - now.getTime()) / 1000);
  }

  /** Records a failed attempt: after a few free tries, each further failure doubles the wait. */
  fail(username: string, now: Date): void {
    const last = this.#failures.get(username);
    // Failures are forgotten a while after the last wait ended, so nobody is locked out for good.
    const stale = last !== undefined && now.getTime() - last.until > FORGET_MS;
    const count = (stale ? 0 : (last?.count ?? 0)) + 1;
    const wait = count <= FREE_FAILURES ? 0 : Math.min(MAX_WAIT_S, 2 ** (count - FREE_FAILURES));
    this.#failures.set(username, { count, until: now.getTime() + wait * 1000 });
  }

  succeed(username: string): void {
    this.#failures.delete(username);
  }
}
