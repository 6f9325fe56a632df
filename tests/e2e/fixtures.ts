// What every spec file needs: its own server on a fresh database, logging in, screenshots.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { buttonName, LoginPage, type AppShell } from './pages/app.ts';
import { DEMO_PASSWORD, startServer, type TestServer } from './server.ts';

export const shot = (name: string) => `test-results/screenshots/${name}.png`;

/** Starts a server for the current spec file; call at the top level of the file. */
export function useServer(opts: { admin?: boolean; demo?: boolean }): { readonly url: string; loginAs(page: Page, username: string, password?: string): Promise<AppShell> } {
  let server: TestServer | undefined;
  test.beforeAll(async () => {
    // Starting a server (and loading the demo depot) must not fail on a busy machine.
    test.setTimeout(150_000);
    server = await startServer(opts);
  });
  test.afterAll(async () => {
    await server?.stop();
  });
  return {
    get url() {
      return server!.url;
    },
    async loginAs(page, username, password = DEMO_PASSWORD) {
      await page.goto(server!.url);
      return new LoginPage(page).login(username, password);
    },
  };
}

/** Until antd's opening and closing animations are over (a click on a dialog still opening may be lost). */
export async function settled(page: Page) {
  // Only what is on screen counts: a closed dropdown may keep its leave class while hidden.
  await page
    .waitForFunction(
      () =>
        ![...document.querySelectorAll('[class*="-enter-active"], [class*="-appear-active"], [class*="-leave-active"]')].some((e) => {
          const r = e.getBoundingClientRect();
          return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
        }),
      null,
      { timeout: 5000 },
    )
    .catch(() => undefined);
}

/** A screenshot once the animations are over. */
export async function snap(page: Page, name: string) {
  await settled(page);
  await page.screenshot({ path: shot(name), fullPage: true });
}

/**
 * Clicks the dialog's main button and waits for the dialog to close; clicked again if the
 * first click came while the dialog was still opening and did nothing (a second click while
 * the step is being sent is ignored by the dialog).
 */
export async function submitDialog(dialog: Locator, button: string) {
  await expect(async () => {
    if (await dialog.isVisible()) await dialog.getByRole('button', { name: buttonName(button) }).click({ timeout: 2000 });
    await expect(dialog).toBeHidden({ timeout: 3000 });
  }).toPass({ timeout: 15_000 });
}
