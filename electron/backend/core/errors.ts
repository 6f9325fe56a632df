import type { ErrorCode } from '../../../shared/api/index.ts';

export interface MessageRef {
  key: string;
  params?: Record<string, unknown>;
}

/**
 * A refusal a service raises. Codes cross the boundary as they are; the message key and
 * params are translated into the caller's language by the dispatcher. The transaction is
 * rolled back, so a refusal never changes anything.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly ref: MessageRef;
  readonly fields: Record<string, MessageRef> | undefined;

  constructor(code: ErrorCode, ref: MessageRef, fields?: Record<string, MessageRef>) {
    super(`${code}: ${ref.key}`);
    this.code = code;
    this.ref = ref;
    this.fields = fields;
  }
}

export function notFound(entity: string, id: number | string): DomainError {
  return new DomainError('NOT_FOUND', { key: 'err.notFound', params: { entity: `$t(entity.${entity})`, id } });
}

/** A refusal about one field: the message names it and the form shows it next to the field. */
export function fieldError(code: ErrorCode, field: string, ref: MessageRef): DomainError {
  return new DomainError(code, ref, { [field]: ref });
}
