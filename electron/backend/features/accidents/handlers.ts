import type { Handlers } from '../../core/context.ts';
import { DomainError } from '../../core/errors.ts';

type AccidentMethod = Extract<keyof Handlers, `accidents.${string}`>;

const todo = async (): Promise<never> => {
  throw new DomainError('NOT_FOUND', { key: 'err.unknownMethod', params: { method: 'accidents' } });
};

export const accidentHandlers: Pick<Handlers, AccidentMethod> = {
  'accidents.create': todo,
  'accidents.update': todo,
  'accidents.close': todo,
  'accidents.reopen': todo,
  'accidents.attach': todo,
  'accidents.attachment': todo,
  'accidents.get': todo,
  'accidents.list': todo,
};
