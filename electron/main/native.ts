// Methods answered by the Electron shell itself rather than by the backend: the things only
// the desktop can do. They arrive on the same `depot:call` channel, after the same sender
// check (calls.ts), under method names of their own area, and receive the calling window's
// webContents. They compute nothing: a printout prints the numbers the backend returned.
//   - shell.printToPdf: the calling window's print view as an A4 PDF (the settlement sheet is
//     archived with the settlement by the backend afterwards: settlement.archivePdf).
// Still to come: file dialogs (dialog.showSaveDialog / showOpenDialog).
import type { WebContents } from 'electron';
import type { ShellMethod } from './calls.ts';
import { printToPdfOptions } from './print-options.ts';

export const nativeMethods: Readonly<Record<string, ShellMethod<WebContents> | undefined>> = {
  'shell.printToPdf': async ({ input, sender }) => {
    const pdf = await sender.printToPDF(printToPdfOptions(input));
    return { ok: true, data: { base64: pdf.toString('base64') } };
  },
};
