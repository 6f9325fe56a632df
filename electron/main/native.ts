// Methods answered by the Electron shell itself rather than by the backend: the things only
// the desktop can do. PLACEHOLDER for later issues:
//   - printing to PDF (webContents.printToPDF of a print view fed with backend numbers),
//   - file dialogs (dialog.showSaveDialog / showOpenDialog for exports and imports).
// They arrive on the same `depot:call` channel, after the same sender check (calls.ts), under
// method names of their own area (e.g. `shell.printToPdf`, `shell.saveFile`), and receive the
// calling window's webContents. They may call the backend for data but compute nothing.
import type { WebContents } from 'electron';
import type { ShellMethod } from './calls.ts';

/** Empty for now: see the comment above. */
export const nativeMethods: Readonly<Record<string, ShellMethod<WebContents> | undefined>> = {};
