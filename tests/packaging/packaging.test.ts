// Builds the unpacked Linux app folder with electron-builder, as `npm run dist` would, but
// with a placeholder Electron (`electronDist`): no download, no network. Then checks that the
// backend (with its migrations), the renderer and better-sqlite3's native binary are in it,
// the binary outside the asar archive, and that the packaged backend opens a database under
// plain Node.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as asar from '@electron/asar';
import { Arch, build, Platform } from 'electron-builder';
import { ensureBuilt, root } from './ensure-built.ts';

const require = createRequire(import.meta.url);
const FIRST_MIGRATION = '2026-11-23-001';
const TIMEOUT = 5 * 60_000;

let tmp = '';
let appOutDir = '';
let asarFile = '';

/** An Electron "distribution" with just enough in it for electron-builder's Linux packager. */
function makePlaceholderElectron(dir: string): void {
  fs.mkdirSync(path.join(dir, 'locales'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'electron'), '#!/bin/sh\necho "placeholder Electron for packaging tests" >&2\nexit 1\n', { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'locales', 'en-US.pak'), '');
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'placeholder');
}

beforeAll(async () => {
  await ensureBuilt();

  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'depot-packaging-'));
  const electronDist = path.join(tmp, 'electron-dist');
  makePlaceholderElectron(electronDist);
  const electronVersion = (JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

  // Merged over electron-builder.yml, which electron-builder loads from the project folder.
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    publish: 'never',
    config: {
      electronDist,
      electronVersion,
      npmRebuild: false,
      // Fuses are flipped inside the real Electron binary; the placeholder has none.
      electronFuses: null,
      directories: { output: path.join(tmp, 'out') },
    },
  });
  appOutDir = path.join(tmp, 'out', 'linux-unpacked');
  asarFile = path.join(appOutDir, 'resources', 'app.asar');
}, TIMEOUT);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('unpacked Linux app', () => {
  test('has the executable and the asar archive', () => {
    expect(fs.existsSync(path.join(appOutDir, 'depot-app'))).toBe(true);
    expect(fs.existsSync(asarFile)).toBe(true);
    expect(fs.existsSync(path.join(appOutDir, 'resources', 'icon.png'))).toBe(true);
  });

  test('the asar holds main, preload, backend, renderer and package.json', () => {
    const files = new Set(asar.listPackage(asarFile, { isPack: false }).map((f) => f.split(path.sep).join('/')));
    for (const f of [
      '/package.json',
      '/dist/electron/main.cjs',
      '/dist/electron/preload.cjs',
      '/dist/electron/backend.cjs',
      '/dist/renderer/index.html',
      '/node_modules/better-sqlite3/lib/index.js',
    ]) {
      expect(files, f).toContain(f);
    }
    // Everything else is bundled: no other package travels along.
    const packages = [...files].filter((f) => /^\/node_modules\/[^/]+$/.test(f));
    expect(packages).toEqual(['/node_modules/better-sqlite3']);

    const pkg = JSON.parse(asar.extractFile(asarFile, 'package.json').toString('utf8')) as { main: string };
    expect(pkg.main).toBe('dist/electron/main.cjs');
  });

  test('main loads the backend from the sibling bundle, which carries the migrations', () => {
    const main = asar.extractFile(asarFile, 'dist/electron/main.cjs').toString('utf8');
    expect(main).toContain('require("./backend.cjs")');
    const backend = asar.extractFile(asarFile, 'dist/electron/backend.cjs').toString('utf8');
    expect(backend).toContain(FIRST_MIGRATION);
    expect(backend).toContain('require("better-sqlite3")');
  });

  test("better-sqlite3's linux-x64 binary is unpacked outside the asar", () => {
    const binary = path.join(appOutDir, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'prebuilds', 'linux-x64.node');
    expect(fs.existsSync(binary)).toBe(true);
    expect(fs.statSync(binary).size).toBeGreaterThan(100_000);
    const entry = asar.statFile(asarFile, 'node_modules/better-sqlite3/prebuilds/linux-x64.node') as { unpacked?: boolean };
    expect(entry.unpacked).toBe(true);
    // Other platforms' binaries stay out of a Linux package.
    const files = asar.listPackage(asarFile, { isPack: false }).filter((f) => f.endsWith('.node'));
    expect(files.every((f) => /linux(musl)?-x64\.node$/.test(f))).toBe(true);
  });

  test('the packaged backend opens a database under plain Node', async () => {
    // What Electron does at run time: asar contents, with unpacked files taken from beside it.
    const extracted = path.join(tmp, 'extracted');
    asar.extractAll(asarFile, extracted);
    const mod = require(path.join(extracted, 'dist', 'electron', 'backend.cjs')) as typeof import('../../electron/backend/index.ts');
    const backend = await mod.openBackend({
      dbFile: path.join(tmp, 'data', 'depot.sqlite'),
      admin: { username: 'admin', password: 'admin-pass-1' },
    });
    try {
      const login = await backend.dispatch('auth.login', { username: 'admin', password: 'admin-pass-1' }, { lang: 'en' });
      expect(login.ok).toBe(true);
    } finally {
      await backend.close();
    }
  });
});
