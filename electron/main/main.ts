// Electron main process: window, menu, security settings, the app:// protocol and the one IPC
// channel. No business logic here: every call goes to the backend's dispatch.
//
// Environment (for scripted set-ups and tests):
//   DEPOT_DATA_DIR       the data folder, Electron's userData (default: the per-user folder of
//                        electron/backend/paths.ts, shared with `npm run serve`)
//   DEPOT_DB             database file (default: <userData>/depot.sqlite)
//   DEPOT_ADMIN_USER     with DEPOT_ADMIN_PASSWORD: create this administrator on an empty database
//   DEPOT_DEMO=1         load the demo depot into a new database
import path from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
// Bundled separately into dist/electron/backend.cjs; scripts/build-electron.ts rewrites this
// import to require('./backend.cjs').
import { openBackend } from '../backend/index.ts';
import { defaultDataDir } from '../backend/paths.ts';
import type { Backend, BackendOptions } from '../backend/types.ts';
import { registerIpc, type IpcBridge } from './ipc.ts';
import { installMenu } from './menu.ts';
import { handleAppProtocol, registerAppScheme } from './protocol.ts';
import { applySecurityPolicy } from './security.ts';
import { secureWebPreferences } from './security-policy.ts';
import { APP_START_URL } from './urls.ts';

const PRODUCT_NAME = '车队安全管理';

let backend: Backend | null = null;
let mainWindow: BrowserWindow | null = null;
let ipc: IpcBridge | null = null;

function backendOptions(): BackendOptions {
  const env = process.env;
  const opts: BackendOptions = { dbFile: env.DEPOT_DB || path.join(app.getPath('userData'), 'depot.sqlite') };
  if (env.DEPOT_ADMIN_USER && env.DEPOT_ADMIN_PASSWORD) {
    opts.admin = { username: env.DEPOT_ADMIN_USER, password: env.DEPOT_ADMIN_PASSWORD };
  }
  if (env.DEPOT_DEMO === '1') opts.demo = true;
  return opts;
}

function createWindow(): BrowserWindow {
  const appRoot = app.getAppPath();
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    title: PRODUCT_NAME,
    show: false,
    backgroundColor: '#ffffff',
    icon: app.isPackaged ? path.join(process.resourcesPath, 'icon.png') : path.join(appRoot, 'resources', 'icon.png'),
    // the settings of Electron's security checklist, as data checked by security.test.ts
    webPreferences: secureWebPreferences(path.join(appRoot, 'dist', 'electron', 'preload.cjs')),
  });
  ipc?.trust(win.webContents);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_START_URL);
  return win;
}

async function start(): Promise<void> {
  applySecurityPolicy();
  handleAppProtocol(path.join(app.getAppPath(), 'dist', 'renderer'));
  installMenu();
  app.setAboutPanelOptions({ applicationName: PRODUCT_NAME, applicationVersion: app.getVersion() });
  try {
    backend = await openBackend(backendOptions());
  } catch (error) {
    dialog.showErrorBox(PRODUCT_NAME, `无法打开数据库 / Cannot open the database:\n${String(error)}`);
    app.exit(1);
    return;
  }
  ipc = registerIpc(() => backend);
  mainWindow = createWindow();
}

// The desktop app and `npm run serve` share one data folder (and so one database). Set
// before the single-instance lock, which is taken per userData folder.
app.setPath('userData', defaultDataDir());

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme(); // must happen before `ready`
  app.enableSandbox(); // every renderer sandboxed, whatever a window asks for

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (app.isReady() && backend && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });

  // Close the database (checkpointing the WAL) before the process exits.
  let closing = false;
  app.on('will-quit', (event) => {
    if (!backend) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    const b = backend;
    ipc?.dispose();
    ipc = null;
    b.close()
      .catch((error: unknown) => console.error('closing the database failed', error))
      .finally(() => {
        backend = null;
        app.quit();
      });
  });

  app.whenReady().then(start, (error: unknown) => {
    console.error(error);
    app.exit(1);
  });
}
