import type { z } from 'zod';
import type { Role } from '../domain/roles.ts';
import type { ErrorCode } from './errors.ts';

/**
 * Who may call a method: 'public' needs no login (first-run set-up, login), 'any' needs a
 * login in any role, otherwise a list of roles.
 */
export type Access = 'public' | 'any' | readonly Role[];

export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, A extends Access = Access> {
  summary: string;
  input: I;
  output: O;
  access: A;
  errors: readonly ErrorCode[];
}

export function defineMethod<I extends z.ZodType, O extends z.ZodType, A extends Access>(def: MethodDef<I, O, A>): MethodDef<I, O, A> {
  return def;
}
