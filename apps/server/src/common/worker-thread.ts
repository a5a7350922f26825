import { existsSync } from 'node:fs';
import { Worker, type TransferListItem } from 'node:worker_threads';

interface WorkerReply<Result> {
  id: number;
  result?: Result;
  error?: string;
}

/**
 * One lazily started worker thread running a compiled script, for work too long for the event
 * loop (folding a long update log, diffing two long versions). Jobs are answered by id; a
 * crashed worker fails its jobs and is started again on the next one. `available` is false when
 * the compiled script is absent (running from TypeScript sources, in unit and db tests): callers
 * then run the same function inline.
 */
export class WorkerThread<Job, Result> {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: Result) => void; reject: (error: Error) => void }>();

  constructor(
    private readonly script: string,
    private readonly name: string,
  ) {}

  get available(): boolean {
    return existsSync(this.script);
  }

  run(job: Job, transfer: readonly TransferListItem[] = []): Promise<Result> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<Result>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, job }, [...transfer]);
    });
  }

  async destroy(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    // An idle worker must not keep the process alive.
    worker.unref();
    worker.on('message', (reply: WorkerReply<Result>) => {
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.pending.delete(reply.id);
      if (reply.error !== undefined || reply.result === undefined) job.reject(new Error(reply.error ?? `the ${this.name} worker sent no result`));
      else job.resolve(reply.result);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const job of this.pending.values()) job.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the ${this.name} worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}

/** The worker side: answers each job with `handle`'s result, or the error it threw, in order. */
export function serveJobs<Job, Result>(port: { on(event: 'message', listener: (message: { id: number; job: Job }) => void): void; postMessage(value: unknown, transfer?: readonly TransferListItem[]): void } | null, handle: (job: Job) => { result: Result; transfer?: TransferListItem[] }): void {
  port?.on('message', ({ id, job }) => {
    try {
      const { result, transfer } = handle(job);
      port.postMessage({ id, result }, transfer ?? []);
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  });
}
