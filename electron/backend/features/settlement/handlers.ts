import type { Handlers } from '../../core/context.ts';
import { DomainError } from '../../core/errors.ts';

type SettlementMethod = Extract<keyof Handlers, `settlement.${string}`>;

const todo = async (): Promise<never> => {
  throw new DomainError('NOT_FOUND', { key: 'err.unknownMethod', params: { method: 'settlement' } });
};

export const settlementHandlers: Pick<Handlers, SettlementMethod> = {
  'settlement.list': todo,
  'settlement.prerequisites': todo,
  'settlement.get': todo,
  'settlement.prepare': todo,
  'settlement.review': todo,
  'settlement.approve': todo,
  'settlement.lock': todo,
  'settlement.return': todo,
  'settlement.slip': todo,
  'settlement.adjust': todo,
  'settlement.adjustments': todo,
};
