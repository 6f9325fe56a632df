// Sandboxed preload (bundled to CommonJS: dist/electron/preload.cjs). Exposes exactly one
// function to the page: window.depot.call(method, input), answered by the backend through the
// main process. The page's language travels with each call so messages come back in it.
import { contextBridge, ipcRenderer } from 'electron';

const IPC_CHANNEL = 'depot:call';

contextBridge.exposeInMainWorld('depot', {
  call(method: string, input?: unknown): Promise<unknown> {
    const lang = document.documentElement.lang || 'zh-CN';
    return ipcRenderer.invoke(IPC_CHANNEL, { method, input, lang });
  },
});
