// Routes calls arriving on the IPC channel (no Electron import, so it is unit-tested under
// Node). Every call is checked: it must come from the top-level frame of one of our windows
// showing app://depot. The renderer never sends a session token: tokens are kept here, per
// sender (webContents id), and added to each call's context.
import type { ApiResult } from '../../shared/api/errors.ts';
import { toLang, translator } from '../../shared/i18n/index.ts';
import type { Backend, CallContext } from '../backend/types.ts';
import { isAppUrl } from './urls.ts';

type Lang = NonNullable<CallContext['lang']>;

/** The payload the preload sends: { method, input, lang }. */
export interface CallPayload {
  method: string;
  input: unknown;
  lang: string;
}

/** What the IPC layer knows about who sent a call. */
export interface CallSender {
  /** webContents id */
  id: number;
  /** URL of the sending frame ('' when unknown) */
  frameUrl: string;
  /** whether the sending frame is the top-level frame */
  isMainFrame: boolean;
}

/** A method the shell answers itself (printing, file dialogs: see native.ts). */
export type ShellMethod<S> = (call: { input: unknown; lang: Lang; sender: S }) => Promise<ApiResult<unknown>>;

/** Methods whose successful answer carries a new session token ({ token, user }). */
const SESSION_OPENERS = new Set(['auth.login', 'setup.createAdmin']);
const SESSION_CLOSER = 'auth.logout';
const METHOD_NAME = /^[a-zA-Z][a-zA-Z0-9]*\.[a-zA-Z][a-zA-Z0-9]*$/;

function refuse(lang: Lang, code: 'FORBIDDEN' | 'INVALID_INPUT' | 'INTERNAL', key: string): ApiResult<never> {
  return { ok: false, error: { code, message: translator(lang)(key) } };
}

export interface CallRouter<S> {
  /** Allows calls from this sender (one of our windows). */
  trust(id: number): void;
  /** Forgets a sender and ends its session (its window is gone). */
  forget(id: number): void;
  handle(sender: CallSender, native: S, payload: unknown): Promise<ApiResult<unknown>>;
  clear(): void;
}

export function createCallRouter<S>(
  getBackend: () => Backend | null,
  shellMethods: Readonly<Record<string, ShellMethod<S> | undefined>> = {},
): CallRouter<S> {
  const trusted = new Set<number>();
  const tokens = new Map<number, string>();

  return {
    trust(id) {
      trusted.add(id);
    },
    forget(id) {
      trusted.delete(id);
      tokens.delete(id);
    },
    clear() {
      trusted.clear();
      tokens.clear();
    },
    async handle(sender, native, payload) {
      const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Partial<CallPayload>;
      const lang = toLang(p.lang);
      if (!trusted.has(sender.id) || !sender.isMainFrame || !isAppUrl(sender.frameUrl)) {
        return refuse(lang, 'FORBIDDEN', 'err.unknownSender');
      }
      if (typeof p.method !== 'string' || !METHOD_NAME.test(p.method)) {
        return refuse(lang, 'INVALID_INPUT', 'err.invalidCall');
      }
      const method = p.method;

      const shell = Object.hasOwn(shellMethods, method) ? shellMethods[method] : undefined;
      if (shell) return shell({ input: p.input, lang, sender: native });

      const backend = getBackend();
      if (!backend) return refuse(lang, 'INTERNAL', 'err.dbNotOpen');
      const token = tokens.get(sender.id);
      const ctx: CallContext = token === undefined ? { lang } : { token, lang };
      const result = await backend.dispatch(method, p.input, ctx);

      if (result.ok && SESSION_OPENERS.has(method)) {
        const data = result.data as { token?: unknown } | null;
        if (data && typeof data.token === 'string') tokens.set(sender.id, data.token);
      } else if (method === SESSION_CLOSER) {
        tokens.delete(sender.id);
      }
      return result;
    },
  };
}
