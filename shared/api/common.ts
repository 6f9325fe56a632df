import { z } from 'zod';
import { isValidDate } from '../domain/period.ts';
import { ROLES } from '../domain/roles.ts';

export const id = z.number().int().positive();
export const idInput = z.object({ id });
export const okOutput = z.object({ ok: z.literal(true) });

/** Trimmed text; required unless wrapped in optional. */
export const text = (max: number) => z.string().trim().min(1, 'err.required').max(max);
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

export const dateText = z.string().refine(isValidDate, 'err.date');
export const roleSchema = z.enum(ROLES);

export const listInput = z.object({
  search: z.string().trim().max(100).optional(),
  sortField: z.string().max(40).optional(),
  sortOrder: z.enum(['asc', 'desc']).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(20),
  includeRetired: z.boolean().optional(),
});
export type ListInput = z.input<typeof listInput>;

export function listOutput<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}

export const retireInput = z.object({ id, reason: optionalText(200) });
