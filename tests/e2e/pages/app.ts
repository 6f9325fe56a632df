// Page models for the end-to-end tests: what a person sees and does, by accessible names.
import { expect, type Locator, type Page } from '@playwright/test';

/**
 * antd puts a space between two CJK characters of a button ("登 录"); match either way. A
 * loading icon still fading out after a refused submit may add "loading" to the name.
 */
export function buttonName(text: string): RegExp {
  return new RegExp(`^\\s*(loading\\s*)?${[...text].join('\\s*')}\\s*$`);
}

/**
 * Picks an option of the select labelled `label` inside `scope`; retried, since the options may
 * still be loading (or the list still opening) when it is clicked.
 */
export async function pickOption(scope: Locator, label: string, option: string): Promise<void> {
  const page = scope.page();
  const item = scope.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });
  await expect(async () => {
    if (!(await page.locator('.ant-select-dropdown:visible').count())) await scope.getByLabel(label, { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click({ timeout: 2000 });
    await expect(item).toContainText(option, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
}

export class LoginPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  async login(username: string, password: string): Promise<AppShell> {
    await this.page.getByLabel('用户名').fill(username);
    await this.page.getByLabel('密码', { exact: true }).fill(password);
    await this.page.getByRole('button', { name: buttonName('登录') }).click();
    const shell = new AppShell(this.page);
    await expect(shell.root).toBeVisible();
    return shell;
  }
}

export class AppShell {
  readonly page: Page;
  readonly root: Locator;
  readonly menu: Locator;

  constructor(page: Page) {
    this.page = page;
    this.root = page.getByTestId('app-layout');
    this.menu = page.getByRole('menu');
  }

  menuItem(name: string): Locator {
    return this.menu.getByRole('menuitem', { name });
  }

  async open(name: string): Promise<void> {
    await this.menuItem(name).click();
  }

  async logout(): Promise<LoginPage> {
    await this.page.getByText('退出登录').click();
    await expect(this.page.getByRole('button', { name: buttonName('登录') })).toBeVisible();
    return new LoginPage(this.page);
  }
}

/** A master-data list with its add/edit modal. */
export class MasterPage {
  readonly page: Page;
  readonly dialog: Locator;

  constructor(page: Page) {
    this.page = page;
    this.dialog = page.getByRole('dialog');
  }

  async add(): Promise<Locator> {
    await this.page.getByRole('button', { name: buttonName('新增') }).click();
    await expect(this.dialog).toBeVisible();
    return this.dialog;
  }

  field(label: string): Locator {
    return this.dialog.getByLabel(label, { exact: true });
  }

  async choose(label: string, option: string): Promise<void> {
    await pickOption(this.dialog, label, option);
  }

  async save(): Promise<void> {
    await this.dialog.getByRole('button', { name: buttonName('保存') }).click();
  }

  /** The validation message shown under a form field. */
  fieldError(label: string): Locator {
    return this.dialog.locator('.ant-form-item').filter({ has: this.page.getByLabel(label, { exact: true }) }).locator('.ant-form-item-explain-error');
  }

  row(text: string): Locator {
    return this.page.locator('.ant-table-row').filter({ hasText: text });
  }
}
