import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-worker.mjs');

/**
 * A load-generator process driven by request/answer pairs over IPC.
 */
export class LoadWorker {
  constructor() {
    this.child = fork(WORKER_SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    /** @type {((message: Record<string, unknown>) => void) | null} */
    this.waiting = null;
    this.child.on('message', (/** @type {Record<string, unknown>} */ message) => {
      const wake = this.waiting;
      this.waiting = null;
      wake?.(message);
    });
  }

  /**
   * Sends a command and resolves with the worker's answer of type `answerType`.
   * @param {Record<string, unknown>} command
   * @param {string} answerType
   * @param {number} timeoutMs
   * @returns {Promise<Record<string, unknown>>}
   */
  request(command, answerType, timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`load worker gave no '${answerType}' within ${timeoutMs} ms`)), timeoutMs);
      const onExit = (/** @type {number | null} */ code) => reject(new Error(`load worker exited with code ${code}`));
      this.child.once('exit', onExit);
      this.waiting = (message) => {
        clearTimeout(timer);
        this.child.off('exit', onExit);
        if (message.type === 'error') reject(new Error(`load worker failed: ${String(message.message)}`));
        else if (message.type !== answerType) reject(new Error(`load worker answered '${String(message.type)}', expected '${answerType}'`));
        else resolve(message);
      };
      this.child.send(command);
    });
  }

  stop() {
    if (this.child.connected) this.child.disconnect();
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
  }
}
