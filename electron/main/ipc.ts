// The one IPC channel between the renderer and the backend, `depot:call`. The checks and the
// per-window sessions live in calls.ts; this file only wires them to ipcMain.
import { ipcMain, type WebContents } from 'electron';
import type { Backend } from '../backend/types.ts';
import { createCallRouter } from './calls.ts';
import { nativeMethods } from './native.ts';

export const IPC_CHANNEL = 'depot:call';

export interface IpcBridge {
  /** Allows a window's webContents to call; its session ends when it is destroyed. */
  trust(contents: WebContents): void;
  dispose(): void;
}

export function registerIpc(getBackend: () => Backend | null): IpcBridge {
  const router = createCallRouter<WebContents>(getBackend, nativeMethods);

  ipcMain.handle(IPC_CHANNEL, (event, payload: unknown) => {
    const frame = event.senderFrame;
    const sender = { id: event.sender.id, frameUrl: frame?.url ?? '', isMainFrame: frame != null && frame.parent === null };
    return router.handle(sender, event.sender, payload);
  });

  return {
    trust(contents) {
      const id = contents.id;
      router.trust(id);
      contents.once('destroyed', () => router.forget(id));
    },
    dispose() {
      ipcMain.removeHandler(IPC_CHANNEL);
      router.clear();
    },
  };
}
