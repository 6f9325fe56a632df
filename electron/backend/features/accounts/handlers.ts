import { OK, type Handlers } from '../../core/context.ts';
import { DomainError } from '../../core/errors.ts';
import { changeOwnPassword, createUser, listUsers, loadUser, login, setPassword, setUserActive, updateUser } from './service.ts';

export const accountHandlers: Pick<
  Handlers,
  'auth.login' | 'auth.logout' | 'auth.me' | 'auth.changePassword' | 'users.list' | 'users.create' | 'users.update' | 'users.deactivate' | 'users.reactivate' | 'users.resetPassword'
> = {
  'auth.login': (input, ctx) => login(ctx, input.username, input.password),
  'auth.logout': async (_input, ctx) => {
    ctx.sessions.end(ctx.token);
    return OK;
  },
  'auth.me': async (_input, ctx) => {
    const user = await loadUser(ctx, ctx.actor!.userId);
    if (!user) throw new DomainError('UNAUTHENTICATED', { key: 'err.unauthenticated' });
    return user;
  },
  'auth.changePassword': async (input, ctx) => {
    await changeOwnPassword(ctx, input.oldPassword, input.newPassword);
    return OK;
  },
  'users.list': async (input, ctx) => ({ items: await listUsers(ctx, input.includeInactive ?? false) }),
  'users.create': (input, ctx) => createUser(ctx, input),
  'users.update': (input, ctx) => updateUser(ctx, input),
  'users.deactivate': (input, ctx) => setUserActive(ctx, input.id, false),
  'users.reactivate': (input, ctx) => setUserActive(ctx, input.id, true),
  'users.resetPassword': async (input, ctx) => {
    await setPassword(ctx, input.id, input.newPassword, 'users.resetPassword');
    return OK;
  },
};
