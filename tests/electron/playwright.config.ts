// Electron smoke tests: Playwright's _electron drives the real desktop app (`electron .` on
// the built dist/). Where no Electron binary is installed they are skipped, saying so.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../../test-results/electron',
});
