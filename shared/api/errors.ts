export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PERIOD_LOCKED',
  'POLICY_UNSET',
  'RATE_LIMITED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The one error shape that crosses the boundary. Messages are in the user's language. */
export interface ApiError {
  code: ErrorCode;
  message: string;
  /** field path (dot-separated) → message for that field */
  fields?: Record<string, string>;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };
