import { describe, expect, it } from 'vitest';
import { TaskLimiter } from './task-limiter';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('TaskLimiter', () => {
  it('runs at most its concurrency at once, in order, and runs the next when one fails', async () => {
    const limiter = new TaskLimiter(2);
    const started: number[] = [];
    const finish = new Map<number, (fail: boolean) => void>();
    const results = [0, 1, 2, 3].map((n) =>
      limiter.run(() => {
        started.push(n);
        return new Promise<number>((resolve, reject) => finish.set(n, (fail) => (fail ? reject(new Error(`task ${n}`)) : resolve(n))));
      }),
    );
    // Settled as they finish, so that a rejection is handled when it happens.
    const settled = Promise.allSettled(results);
    await tick();
    expect(started).toEqual([0, 1]);
    expect(limiter.queued).toBe(2);
    finish.get(1)!(true);
    await tick();
    expect(started).toEqual([0, 1, 2]);
    finish.get(0)!(false);
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    finish.get(2)!(false);
    finish.get(3)!(false);
    expect(await settled).toEqual([
      { status: 'fulfilled', value: 0 },
      { status: 'rejected', reason: new Error('task 1') },
      { status: 'fulfilled', value: 2 },
      { status: 'fulfilled', value: 3 },
    ]);
  });

  it('refuses a concurrency that would run nothing', () => {
    expect(() => new TaskLimiter(0)).toThrow(RangeError);
  });
});
