import { OK, type Ctx, type Handlers } from '../../core/context.ts';
import { DomainError } from '../../core/errors.ts';
import { insertUser } from '../accounts/service.ts';
import { loadDemo } from './demo.ts';

export async function setupStatus(ctx: Ctx) {
  const users = await ctx.db.selectFrom('users').select('id').limit(1).execute();
  const models = await ctx.db.selectFrom('vehicle_models').select('id').limit(1).execute();
  const vehicles = await ctx.db.selectFrom('vehicles').select('id').limit(1).execute();
  return { initialized: users.length > 0, hasMasterData: models.length + vehicles.length > 0 };
}

export const setupHandlers: Pick<Handlers, 'setup.status' | 'setup.createAdmin' | 'setup.loadDemo'> = {
  'setup.status': (_input, ctx) => setupStatus(ctx),
  'setup.createAdmin': async (input, ctx) => {
    if ((await setupStatus(ctx)).initialized) throw new DomainError('CONFLICT', { key: 'err.alreadyInitialized' });
    const user = await insertUser(ctx, { ...input, roles: ['admin'], driverId: null });
    // The first administrator is their own author in the audit trail.
    ctx.actor = { userId: user.id, username: user.username, displayName: user.displayName, roles: user.roles, role: 'admin', driverId: null };
    await ctx.audit({ action: 'setup.createAdmin', entity: 'users', entityId: user.id, after: user });
    return { token: ctx.sessions.create(user.id, ctx.now), user };
  },
  'setup.loadDemo': async (_input, ctx) => {
    if ((await setupStatus(ctx)).hasMasterData) throw new DomainError('CONFLICT', { key: 'err.demoNotEmpty' });
    await loadDemo(ctx);
    return OK;
  },
};
