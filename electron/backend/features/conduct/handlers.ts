import type { Handlers } from '../../core/context.ts';
import { DomainError } from '../../core/errors.ts';

type ConductMethod = Extract<keyof Handlers, `violations.${string}` | `assessment.${string}`>;

const todo = async (): Promise<never> => {
  throw new DomainError('NOT_FOUND', { key: 'err.unknownMethod', params: { method: 'conduct' } });
};

export const conductHandlers: Pick<Handlers, ConductMethod> = {
  'violations.create': todo,
  'violations.fromFlag': todo,
  'violations.void': todo,
  'violations.get': todo,
  'violations.list': todo,
  'violations.catalogue': todo,
  'assessment.items': todo,
  'assessment.saveItem': todo,
  'assessment.retireItem': todo,
  'assessment.month': todo,
  'assessment.sheet': todo,
  'assessment.deduct': todo,
  'assessment.removeDeduction': todo,
  'assessment.sign': todo,
  'assessment.reopen': todo,
};
