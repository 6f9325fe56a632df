// What every spec file needs: its own server on a fresh database, logging in, screenshots.
import { test, type Page } from '@playwright/test';
import { LoginPage, type AppShell } from './pages/app.ts';
import { DEMO_PASSWORD, startServer, type TestServer } from './server.ts';

export const shot = (name: string) => `test-results/screenshots/${name}.png`;

/** Starts a server for the current spec file; call at the top level of the file. */
export function useServer(opts: { admin?: boolean; demo?: boolean }): { readonly url: string; loginAs(page: Page, username: string, password?: string): Promise<AppShell> } {
  let server: TestServer;
  test.beforeAll(async () => {
    server = await startServer(opts);
  });
  test.afterAll(async () => {
    await server.stop();
  });
  return {
    get url() {
      return server.url;
    },
    async loginAs(page, username, password = DEMO_PASSWORD) {
      await page.goto(server.url);
      return new LoginPage(page).login(username, password);
    },
  };
}
