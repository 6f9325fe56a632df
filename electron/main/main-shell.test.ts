// The Electron shell's pure parts, under Node: app:// URL resolution (no path traversal) and
// the IPC call router (sender checks, per-window session tokens).
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ApiResult } from '../../shared/api/errors.ts';
import type { Backend, CallContext } from '../backend/types.ts';
import { createCallRouter, type CallSender } from './calls.ts';
import { printToPdfOptions } from './print-options.ts';
import { isAppUrl, resolveAppFile } from './urls.ts';

describe('app:// URLs', () => {
  const root = path.resolve('/srv/app/dist/renderer');

  test('serve files under the renderer folder', () => {
    expect(resolveAppFile(root, 'app://depot/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://depot/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://depot/assets/index-abc.js?v=1#x')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveAppFile(root, 'app://depot/assets/%E5%9B%BE.png')).toBe(path.join(root, 'assets', '图.png'));
  });

  test('refuse other origins and escapes from the folder', () => {
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppFile(root, 'file:///etc/passwd')).toBeNull();
    expect(resolveAppFile(root, 'https://depot/index.html')).toBeNull();
    expect(resolveAppFile(root, 'app://depot/..%2f..%2fsecret')).toBeNull();
    expect(resolveAppFile(root, 'app://depot/..%5csecret')).toBeNull();
    expect(resolveAppFile(root, 'app://depot/a%00b')).toBeNull();
    expect(resolveAppFile(root, 'app://depot/%E0%A4%A')).toBeNull();
    // The URL parser folds `..` and `%2e%2e` segments before we see them: still inside the folder.
    expect(resolveAppFile(root, 'app://depot/../../etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    for (const url of ['app://depot/%2e%2e/%2e%2e/secret', 'app://depot/..%2f..%2fsecret', 'app://depot/a/..%2f..%2f..%2fsecret']) {
      const file = resolveAppFile(root, url);
      expect(file === null || file.startsWith(root + path.sep), url).toBe(true);
    }
  });

  test('isAppUrl', () => {
    expect(isAppUrl('app://depot/index.html#/vehicles')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://example.com')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('IPC call router', () => {
  function fakeBackend() {
    const calls: { method: string; input: unknown; ctx: CallContext }[] = [];
    const backend: Backend = {
      dbFile: ':memory:',
      async close() {},
      async dispatch(method, input, ctx): Promise<ApiResult<unknown>> {
        calls.push({ method, input, ctx });
        if (method === 'auth.login') {
          const { password } = input as { password: string };
          return password === 'right'
            ? { ok: true, data: { token: `tok-${calls.length}`, user: { id: 1 } } }
            : { ok: false, error: { code: 'UNAUTHENTICATED', message: 'no' } };
        }
        return { ok: true, data: null };
      },
    };
    return { backend, calls };
  }
  const win = (id: number): CallSender => ({ id, frameUrl: 'app://depot/index.html', isMainFrame: true });

  test('keeps the session token per window and ends it at logout', async () => {
    const { backend, calls } = fakeBackend();
    const router = createCallRouter<null>(() => backend);
    router.trust(1);
    router.trust(2);

    await router.handle(win(1), null, { method: 'auth.login', input: { password: 'wrong' }, lang: 'en' });
    await router.handle(win(1), null, { method: 'auth.me', input: {}, lang: 'en' });
    expect(calls.at(-1)!.ctx).toEqual({ lang: 'en' });

    await router.handle(win(1), null, { method: 'auth.login', input: { password: 'right' }, lang: 'zh-CN' });
    const token = `tok-${calls.length}`;
    await router.handle(win(1), null, { method: 'auth.me', input: {}, lang: 'zh-CN' });
    expect(calls.at(-1)!.ctx).toEqual({ token, lang: 'zh-CN' });

    await router.handle(win(2), null, { method: 'auth.me', input: {}, lang: 'zh-CN' });
    expect(calls.at(-1)!.ctx).toEqual({ lang: 'zh-CN' });

    await router.handle(win(1), null, { method: 'auth.logout', input: {}, lang: 'zh-CN' });
    expect(calls.at(-1)!.ctx).toEqual({ token, lang: 'zh-CN' });
    await router.handle(win(1), null, { method: 'auth.me', input: {}, lang: 'xx' });
    expect(calls.at(-1)!.ctx).toEqual({ lang: 'zh-CN' });
  });

  test('a forgotten window loses its session and may no longer call', async () => {
    const { backend } = fakeBackend();
    const router = createCallRouter<null>(() => backend);
    router.trust(3);
    await router.handle(win(3), null, { method: 'auth.login', input: { password: 'right' }, lang: 'en' });
    router.forget(3);
    const r = await router.handle(win(3), null, { method: 'auth.me', input: {}, lang: 'en' });
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  test('refuses unknown senders, sub-frames, other origins and malformed calls', async () => {
    const { backend, calls } = fakeBackend();
    const router = createCallRouter<null>(() => backend);
    router.trust(1);
    const forbidden = { ok: false, error: { code: 'FORBIDDEN' } };
    expect(await router.handle(win(9), null, { method: 'auth.me', input: {}, lang: 'en' })).toMatchObject(forbidden);
    expect(await router.handle({ ...win(1), isMainFrame: false }, null, { method: 'auth.me', input: {}, lang: 'en' })).toMatchObject(forbidden);
    expect(await router.handle({ ...win(1), frameUrl: 'https://evil.example/' }, null, { method: 'auth.me', input: {}, lang: 'en' })).toMatchObject(forbidden);
    expect(await router.handle({ ...win(1), frameUrl: '' }, null, { method: 'auth.me', input: {}, lang: 'en' })).toMatchObject(forbidden);
    for (const payload of [null, 'auth.me', { method: 'constructor' }, { method: '__proto__.x' }, { method: 42 }]) {
      expect(await router.handle(win(1), null, payload)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(calls).toHaveLength(0);
  });

  test('shell methods are answered by the shell, after the same checks', async () => {
    const { backend, calls } = fakeBackend();
    const router = createCallRouter<string>(() => backend, {
      'shell.ping': async ({ sender, lang }) => ({ ok: true, data: `${sender}:${lang}` }),
    });
    router.trust(1);
    expect(await router.handle(win(1), 'win-1', { method: 'shell.ping', input: {}, lang: 'en' })).toEqual({ ok: true, data: 'win-1:en' });
    expect(await router.handle(win(2), 'win-2', { method: 'shell.ping', input: {}, lang: 'en' })).toMatchObject({ ok: false });
    expect(calls).toHaveLength(0);
  });
});

describe('printing to PDF', () => {
  test('A4 with the print view’s own page size; landscape only when asked for exactly', () => {
    expect(printToPdfOptions({ landscape: true })).toMatchObject({ pageSize: 'A4', landscape: true, preferCSSPageSize: true, printBackground: true });
    for (const junk of [undefined, null, 'landscape', { landscape: 'true' }, { landscape: 1 }]) expect(printToPdfOptions(junk).landscape).toBe(false);
  });
});
