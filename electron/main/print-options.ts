// The options of a printout made with webContents.printToPDF (no Electron import, so tested
// under Node): A4, portrait unless asked, backgrounds printed, and the page size and margins
// the print view's CSS sets (@page), so the PDF matches what the browser prints.
import type { PrintToPDFOptions } from 'electron';

export function printToPdfOptions(input: unknown): PrintToPDFOptions {
  const landscape = typeof input === 'object' && input !== null && (input as { landscape?: unknown }).landscape === true;
  return { pageSize: 'A4', landscape, printBackground: true, preferCSSPageSize: true, generateDocumentOutline: false };
}
