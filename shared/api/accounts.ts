// First run, login and user administration.
import { z } from 'zod';
import { id, roleSchema, text } from './common.ts';

export const password = z.string().max(200).refine((p) => p.trim().length >= 8, 'err.passwordShort');
export const username = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'err.usernameFormat')
  .max(40)
  .regex(/^[A-Za-z0-9_.\-]+$/, 'err.usernameFormat');

export const userEntity = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  driverId: z.number().nullable(),
  driverName: z.string().nullable(),
  active: z.boolean(),
});
export type User = z.infer<typeof userEntity>;

export const sessionOutput = z.object({ token: z.string(), user: userEntity });

export const setupStatusOutput = z.object({ initialized: z.boolean(), hasMasterData: z.boolean() });
export const createAdminInput = z.object({ username, displayName: text(40), password });
export const loginInput = z.object({ username: z.string().trim().toLowerCase().min(1, 'err.required').max(40), password: z.string().min(1, 'err.required').max(200) });
export const changePasswordInput = z.object({ oldPassword: z.string().min(1, 'err.required'), newPassword: password });

const roles = z.array(roleSchema).min(1, 'err.rolesRequired').transform((r) => [...new Set(r)]);
export const userCreate = z.object({ username, displayName: text(40), password, roles, driverId: id.nullable().default(null) });
export const userUpdate = z.object({ id, displayName: text(40), roles, driverId: id.nullable().default(null) });
export const resetPasswordInput = z.object({ id, newPassword: password });
export const usersListInput = z.object({ includeInactive: z.boolean().optional() });
