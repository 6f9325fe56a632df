// Where the app keeps its data: the same folder for the desktop app (Electron's userData,
// which electron/main sets to this) and for `npm run serve`.
import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'depot-app';

export function defaultDataDir(): string {
  if (process.env.DEPOT_DATA_DIR) return process.env.DEPOT_DATA_DIR;
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
}

export function defaultDbFile(): string {
  return path.join(defaultDataDir(), 'depot.sqlite');
}
