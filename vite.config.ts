import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The renderer is built into dist/renderer and loaded by Electron through app:// or
// served by the backend's HTTP adapter in browser mode. Relative base keeps both working.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
  server: {
    // changeOrigin: the backend accepts only its own host name (see electron/backend/http.ts).
    proxy: { '/api': { target: process.env.DEPOT_API ?? 'http://127.0.0.1:5174', changeOrigin: true } },
  },
  test: {
    root: '.',
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/packaging/**/*.test.ts'],
    testTimeout: 30000,
    // loading the demo depot through the services takes seconds, more on a busy 2-core machine
    hookTimeout: 60000,
    pool: 'forks',
  },
});
