// Message references rendered in the caller's language: the dispatcher's errors, and texts a
// method answers with (a computation in words). Params written as `$t(key)` are translated too.
import { translator, type Lang } from '../../../shared/i18n/index.ts';
import type { MessageRef } from './errors.ts';

export function renderMessage(ref: MessageRef, t: ReturnType<typeof translator>): string {
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ref.params ?? {})) {
    const m = typeof v === 'string' ? /^\$t\((.+)\)$/.exec(v) : null;
    params[k] = m ? t(m[1]!) : v;
  }
  return t(ref.key, params);
}

/** Renders message references in a language (a handler passes ctx.lang). */
export function renderAll(refs: MessageRef[], lang: Lang): string[] {
  const t = translator(lang);
  return refs.map((r) => renderMessage(r, t));
}
