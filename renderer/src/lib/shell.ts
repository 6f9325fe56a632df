// What only the desktop app can do, asked of the Electron shell over the same channel as the
// backend (electron/main/native.ts); in the browser the page falls back to what a browser does.
import type { ApiResult } from '../../../shared/api/index.ts';
import { ApiCallError, call } from './api.ts';

/** The current page as an A4 PDF, from the Electron shell (null in the browser). */
async function printToPdf(options: { landscape: boolean }): Promise<string | null> {
  if (!window.depot) return null;
  const r = (await window.depot.call('shell.printToPdf', options)) as ApiResult<{ base64: string }>;
  if (!r.ok) throw new ApiCallError(r.error);
  return r.data.base64;
}

/**
 * Prints a month's settlement sheet. In the desktop app: to PDF through the shell, archived
 * with the settlement by the backend (answers the archived file); in the browser: the
 * browser's print dialog (answers null).
 */
export async function printAndArchive(month: string, options: { landscape: boolean }): Promise<{ fileName: string } | null> {
  const base64 = await printToPdf(options);
  if (base64 === null) {
    window.print();
    return null;
  }
  return call('settlement.archivePdf', { month, base64 });
}
