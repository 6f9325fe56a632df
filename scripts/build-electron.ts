// Bundles the Electron side into dist/electron with Vite's build() API (SSR mode, CommonJS,
// target node):
//   backend.cjs  electron/backend/index.ts: the backend with shared/, kysely, zod, i18next, ...
//   main.cjs     electron/main/main.ts: the shell; its import of the backend becomes
//                require('./backend.cjs'), so the backend code exists once
//   preload.cjs  electron/preload/preload.ts: one self-contained file (sandboxed preloads can
//                require only 'electron')
// `electron`, `better-sqlite3` and Node built-ins stay external. Then each output is checked
// with `node --check`.
// Run with: node scripts/build-electron.ts
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build, type Plugin } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'dist', 'electron');
const BACKEND_ENTRY = path.join(root, 'electron', 'backend', 'index.ts');

const EXTERNAL_PACKAGES = ['electron', 'better-sqlite3'];
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function isExternal(id: string): boolean {
  if (builtins.has(id) || id.startsWith('node:')) return true;
  return EXTERNAL_PACKAGES.some((p) => id === p || id.startsWith(`${p}/`));
}

/** In main.cjs, the backend is not bundled again but loaded from the sibling backend.cjs. */
function backendAsSibling(): Plugin {
  return {
    name: 'depot:backend-as-sibling',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer || !source.startsWith('.')) return null;
      const resolved = path.resolve(path.dirname(importer), source);
      if (resolved === BACKEND_ENTRY) return { id: './backend.cjs', external: true };
      return null;
    },
  };
}

async function bundle(name: string, entry: string, plugins: Plugin[] = []): Promise<void> {
  await build({
    configFile: false,
    root,
    mode: 'production',
    logLevel: 'warn',
    publicDir: false,
    plugins,
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: false,
      target: 'node22',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        external: isExternal,
        output: {
          format: 'cjs',
          entryFileNames: `${name}.cjs`,
          codeSplitting: false,
        },
      },
    },
  });
}

fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });

const started = Date.now();
await bundle('backend', BACKEND_ENTRY);
await bundle('main', path.join(root, 'electron', 'main', 'main.ts'), [backendAsSibling()]);
await bundle('preload', path.join(root, 'electron', 'preload', 'preload.ts'));

for (const name of ['backend', 'main', 'preload']) {
  const file = path.join(outDir, `${name}.cjs`);
  execFileSync(process.execPath, ['--check', file], { stdio: 'inherit' });
}
const preload = fs.readFileSync(path.join(outDir, 'preload.cjs'), 'utf8');
const preloadRequires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
if (preloadRequires.some((r) => r !== 'electron')) {
  throw new Error(`preload.cjs may only require 'electron' (sandbox), found: ${preloadRequires.join(', ')}`);
}
const sizes = ['backend', 'main', 'preload']
  .map((n) => `${n}.cjs ${(fs.statSync(path.join(outDir, `${n}.cjs`)).size / 1024).toFixed(0)} kB`)
  .join(', ');
console.log(`built dist/electron (${sizes}) in ${Date.now() - started} ms`);
