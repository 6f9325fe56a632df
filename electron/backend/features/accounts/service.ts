// Users, roles, login sessions. Users are never deleted, only deactivated.
import type { z } from 'zod';
import type { userCreate, userUpdate, User } from '../../../../shared/api/accounts.ts';
import { ROLES, type Role } from '../../../../shared/domain/roles.ts';
import { localMinute } from '../../../../shared/domain/period.ts';
import type { Ctx, LoggedInCtx } from '../../core/context.ts';
import { DomainError, fieldError, notFound } from '../../core/errors.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../../core/password.ts';
import { requireActive } from '../masterdata/service.ts';

async function loadUsers(ctx: Ctx, where: { id?: number; includeInactive?: boolean }): Promise<User[]> {
  let q = ctx.db
    .selectFrom('users')
    .leftJoin('drivers', 'drivers.id', 'users.driver_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.driver_id', 'users.active', 'drivers.name as driver_name'])
    .orderBy('users.username');
  if (where.id !== undefined) q = q.where('users.id', '=', where.id);
  else if (!where.includeInactive) q = q.where('users.active', '=', 1);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const roles = await ctx.db
    .selectFrom('user_roles')
    .select(['user_id', 'role'])
    .where(
      'user_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((row) => ({
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: ROLES.filter((r) => roles.some((x) => x.user_id === row.id && x.role === r)),
    driverId: row.driver_id,
    driverName: row.driver_name,
    active: row.active === 1,
  }));
}

export async function loadUser(ctx: Ctx, id: number): Promise<User | undefined> {
  return (await loadUsers(ctx, { id }))[0];
}

/**
 * A driver's user account is linked to exactly one driver record, and a driver record to at
 * most one account: signatures and "my vehicle" depend on it. A newly chosen driver must be active.
 */
async function checkDriverLink(ctx: Ctx, roles: Role[], driverId: number | null, current: number | null, userId: number | null) {
  if (roles.includes('driver') && driverId === null) throw fieldError('INVALID_INPUT', 'driverId', { key: 'err.driverLinkRequired' });
  if (driverId === null || driverId === current) return;
  const driver = await requireActive(ctx, 'drivers', driverId, 'driverId');
  let q = ctx.db.selectFrom('users').select('username').where('driver_id', '=', driverId);
  if (userId !== null) q = q.where('id', '!=', userId);
  const other = await q.executeTakeFirst();
  if (other) throw fieldError('CONFLICT', 'driverId', { key: 'err.driverLinked', params: { name: driver.name, username: other.username } });
}

async function requireUser(ctx: Ctx, id: number): Promise<User> {
  const user = await loadUser(ctx, id);
  if (!user) throw notFound('users', id);
  return user;
}

export function listUsers(ctx: Ctx, includeInactive: boolean): Promise<User[]> {
  return loadUsers(ctx, { includeInactive });
}

async function setRoles(ctx: Ctx, userId: number, roles: Role[]) {
  await ctx.db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  await ctx.db
    .insertInto('user_roles')
    .values(roles.map((role) => ({ user_id: userId, role })))
    .execute();
}

/** Usernames are stored lower-case (the schema folds them), so equality is case-insensitive. */
async function usernameTaken(ctx: Ctx, username: string): Promise<boolean> {
  return (await ctx.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) !== undefined;
}

/** Creates a user; `audit` false only for the first administrator, who audits as themselves. */
export async function insertUser(ctx: Ctx, input: z.output<typeof userCreate>): Promise<User> {
  if (await usernameTaken(ctx, input.username)) {
    throw fieldError('CONFLICT', 'username', { key: 'err.duplicate', params: { field: '$t(field.username)', value: input.username } });
  }
  await checkDriverLink(ctx, input.roles, input.driverId, null, null);
  const { id } = await ctx.db
    .insertInto('users')
    .values({
      username: input.username,
      display_name: input.displayName,
      password_hash: hashPassword(input.password),
      active: 1,
      driver_id: input.driverId,
      created_at: localMinute(ctx.now),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setRoles(ctx, id, input.roles);
  return (await loadUser(ctx, id))!;
}

export async function createUser(ctx: LoggedInCtx, input: z.output<typeof userCreate>): Promise<User> {
  const user = await insertUser(ctx, input);
  await ctx.audit({ action: 'users.create', entity: 'users', entityId: user.id, after: user });
  return user;
}

async function activeAdminCount(ctx: Ctx): Promise<number> {
  const rows = await ctx.db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select('users.id')
    .where('user_roles.role', '=', 'admin')
    .where('users.active', '=', 1)
    .execute();
  return rows.length;
}

export async function updateUser(ctx: LoggedInCtx, input: z.output<typeof userUpdate>): Promise<User> {
  const before = await requireUser(ctx, input.id);
  if (before.roles.includes('admin') && !input.roles.includes('admin') && before.active && (await activeAdminCount(ctx)) <= 1) {
    throw fieldError('CONFLICT', 'roles', { key: 'err.lastAdmin' });
  }
  await checkDriverLink(ctx, input.roles, input.driverId, before.driverId, input.id);
  await ctx.db.updateTable('users').set({ display_name: input.displayName, driver_id: input.driverId }).where('id', '=', input.id).execute();
  await setRoles(ctx, input.id, input.roles);
  const after = (await loadUser(ctx, input.id))!;
  await ctx.audit({ action: 'users.update', entity: 'users', entityId: input.id, before, after });
  return after;
}

export async function setUserActive(ctx: LoggedInCtx, id: number, active: boolean): Promise<User> {
  const before = await requireUser(ctx, id);
  if (!active) {
    if (id === ctx.actor.userId) throw new DomainError('CONFLICT', { key: 'err.selfDeactivate' });
    if (before.roles.includes('admin') && (await activeAdminCount(ctx)) <= 1) throw new DomainError('CONFLICT', { key: 'err.lastAdmin' });
  }
  await ctx.db.updateTable('users').set({ active: active ? 1 : 0 }).where('id', '=', id).execute();
  if (!active) ctx.sessions.endAllFor(id);
  const after = (await loadUser(ctx, id))!;
  await ctx.audit({ action: active ? 'users.reactivate' : 'users.deactivate', entity: 'users', entityId: id, before, after });
  return after;
}

export async function setPassword(ctx: LoggedInCtx, id: number, newPassword: string, action: string): Promise<void> {
  await requireUser(ctx, id);
  await ctx.db.updateTable('users').set({ password_hash: hashPassword(newPassword) }).where('id', '=', id).execute();
  // Whoever knew the old password is logged out everywhere (the user changing their own keeps this session).
  ctx.sessions.endAllFor(id, id === ctx.actor.userId ? ctx.token : undefined);
  await ctx.audit({ action, entity: 'users', entityId: id });
}

export async function changeOwnPassword(ctx: LoggedInCtx, oldPassword: string, newPassword: string): Promise<void> {
  const row = await ctx.db.selectFrom('users').select('password_hash').where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
  if (!verifyPassword(oldPassword, row.password_hash)) throw fieldError('UNAUTHENTICATED', 'oldPassword', { key: 'err.wrongOldPassword' });
  await setPassword(ctx, ctx.actor.userId, newPassword, 'auth.changePassword');
}

/** Same answer for an unknown user, a wrong password and a deactivated account; failures slow down. */
export async function login(ctx: Ctx, username: string, password: string): Promise<{ token: string; user: User }> {
  const wait = ctx.sessions.waitSeconds(username, ctx.now);
  if (wait > 0) throw new DomainError('RATE_LIMITED', { key: 'err.rateLimited', params: { seconds: wait } });
  const row = await ctx.db.selectFrom('users').select(['id', 'password_hash', 'active']).where('username', '=', username).executeTakeFirst();
  const ok = verifyPassword(password, row?.password_hash ?? DUMMY_HASH) && row !== undefined && row.active === 1;
  if (!ok || !row) {
    ctx.sessions.fail(username, ctx.now);
    throw new DomainError('UNAUTHENTICATED', { key: 'err.badLogin' });
  }
  ctx.sessions.succeed(username);
  return { token: ctx.sessions.create(row.id, ctx.now), user: (await loadUser(ctx, row.id))! };
}
