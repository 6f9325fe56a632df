// The Electron preload exposes exactly one function; absent in browser mode.
import type { ApiResult } from '../../shared/api/index.ts';

declare global {
  interface Window {
    depot?: { call(method: string, input: unknown): Promise<ApiResult<unknown>> };
  }
}

export {};
