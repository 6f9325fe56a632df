// Waits for `npm run serve` (electron/backend/serve.ts) started as a child process to print the
// address it listens on: the e2e tests' server and the crash harness start it the same way.
import type { ChildProcess } from 'node:child_process';

/** How much of the child's output is kept for the messages: the end of it. */
const KEPT = 64 * 1024;

export function servedUrl(child: ChildProcess, timeoutMs: number): { url: Promise<string>; output(): string } {
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const onData = (b: Buffer) => {
      output = (output + b.toString()).slice(-KEPT);
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${child.exitCode ?? child.signalCode}:\n${output}`));
    });
  });
  return { url, output: () => output };
}
