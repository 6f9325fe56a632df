// The renderer's only way to the backend: window.depot.call in Electron (preload), or
// POST /api/<method> in browser mode. Knows the API only through shared/api types.
import type { ApiError, ApiResult, Method, MethodInput, MethodOutput } from '../../../shared/api/index.ts';

export class ApiCallError extends Error implements ApiError {
  readonly code: ApiError['code'];
  readonly fields: Record<string, string> | undefined;

  constructor(error: ApiError) {
    super(error.message);
    this.code = error.code;
    this.fields = error.fields;
  }
}

const TOKEN_KEY = 'depot.token';
let onUnauthenticated: (() => void) | null = null;

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export function hasToken(): boolean {
  return window.depot !== undefined || sessionStorage.getItem(TOKEN_KEY) !== null;
}

/** Called when a call answers UNAUTHENTICATED (the session ended): back to the login screen. */
export function onSessionEnded(fn: () => void): void {
  onUnauthenticated = fn;
}

async function transport(method: string, input: unknown): Promise<ApiResult<unknown>> {
  if (window.depot) return window.depot.call(method, input);
  const token = sessionStorage.getItem(TOKEN_KEY);
  const res = await fetch(`./api/${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-depot-lang': document.documentElement.lang || 'zh-CN',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(input ?? {}),
  });
  const body = (await res.json()) as { data?: unknown; error?: ApiError };
  return body.error ? { ok: false, error: body.error } : { ok: true, data: body.data };
}

export async function call<M extends Method>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await transport(method, input);
  if (!result.ok) {
    if (result.error.code === 'UNAUTHENTICATED' && method !== 'auth.login' && method !== 'auth.changePassword') onUnauthenticated?.();
    throw new ApiCallError(result.error);
  }
  return result.data as MethodOutput<M>;
}
