// `npm run serve -- [--db FILE] [--port N] [--demo]`: the app in a browser, without Electron.
// DEPOT_ADMIN_USER / DEPOT_ADMIN_PASSWORD create the administrator on an empty database.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createHttpServer, listen } from './http.ts';
import { openBackend } from './index.ts';
import { defaultDbFile } from './paths.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    port: { type: 'string', default: '0' },
    demo: { type: 'boolean', default: false },
    renderer: { type: 'string' },
  },
});

const here = path.dirname(fileURLToPath(import.meta.url));
const dbFile = path.resolve(values.db ?? defaultDbFile());
const rendererDir = path.resolve(values.renderer ?? path.join(here, '../../dist/renderer'));
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}
const adminUser = process.env.DEPOT_ADMIN_USER;
const adminPassword = process.env.DEPOT_ADMIN_PASSWORD;

const backend = await openBackend({
  dbFile,
  demo: values.demo,
  ...(adminUser && adminPassword ? { admin: { username: adminUser, password: adminPassword } } : {}),
});
const server = createHttpServer(backend, rendererDir);
const actualPort = await listen(server, port);
console.log(`Depot app: http://127.0.0.1:${actualPort}/  (database: ${dbFile})`);

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  server.close();
  await backend.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
