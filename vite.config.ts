import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The renderer is built into dist/renderer and loaded by Electron through app:// or
// served by the backend's HTTP adapter in browser mode. Relative base keeps both working.
const API_TARGET = process.env.DEPOT_API ?? 'http://127.0.0.1:5174';

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
    // changeOrigin and the Origin rewrite: the backend accepts only its own host name and
    // origin (see electron/backend/http.ts); the dev server's page is its own, not a foreign one.
    proxy: {
      '/api': {
        target: API_TARGET,
        changeOrigin: true,
        configure: (proxy) =>
          proxy.on('proxyReq', (req) => {
            const origin = req.getHeader('origin');
            if (typeof origin === 'string' && /^http:\/\/(localhost|127\.0\.0\.1):\d+$/.test(origin)) req.setHeader('origin', API_TARGET);
          }),
      },
    },
  },
  test: {
    root: '.',
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/packaging/**/*.test.ts', 'tests/crash/**/*.test.ts'],
    testTimeout: 30000,
    // loading the demo depot through the services takes seconds, more on a busy 2-core machine
    hookTimeout: 60000,
    pool: 'forks',
  },
});
