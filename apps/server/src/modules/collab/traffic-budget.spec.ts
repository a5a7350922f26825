import { describe, expect, it } from 'vitest';
import { TrafficBudget } from './traffic-budget';

/** A budget on a clock the test moves, so refills are exact. */
function budgetAt(limits: { messagesPerSecond: number; messageBurst: number; bytesPerSecond: number; byteBurst: number }) {
  const clock = { ms: 0 };
  return { budget: new TrafficBudget(limits, () => clock.ms), clock };
}

describe('TrafficBudget', () => {
  const limits = { messagesPerSecond: 10, messageBurst: 20, bytesPerSecond: 1000, byteBurst: 5000 };

  it('lets a burst through at once, then refuses the first message past it', () => {
    const { budget } = budgetAt(limits);
    for (let sent = 0; sent < 20; sent++) expect(budget.takeMessage(1)).toBe(true);
    expect(budget.takeMessage(1)).toBe(false);
  });

  it('refills at its rate and never above the burst', () => {
    const { budget, clock } = budgetAt(limits);
    for (let sent = 0; sent < 20; sent++) budget.takeMessage(1);
    clock.ms += 500;
    for (let sent = 0; sent < 5; sent++) expect(budget.takeMessage(1)).toBe(true);
    expect(budget.takeMessage(1)).toBe(false);
    clock.ms += 3_600_000;
    for (let sent = 0; sent < 20; sent++) expect(budget.takeMessage(1)).toBe(true);
    expect(budget.takeMessage(1)).toBe(false);
  });

  it('counts the bytes of frames and of the work they cause in one bucket', () => {
    const { budget, clock } = budgetAt(limits);
    expect(budget.takeMessage(3000)).toBe(true);
    expect(budget.takeBytes(2000)).toBe(true);
    expect(budget.takeBytes(1)).toBe(false);
    clock.ms += 2000;
    expect(budget.takeBytes(1999)).toBe(true);
  });

  it('keeps a client within its rates going for as long as it likes', () => {
    const { budget, clock } = budgetAt(limits);
    for (let second = 0; second < 600; second++) {
      for (let sent = 0; sent < 10; sent++) expect(budget.takeMessage(100)).toBe(true);
      clock.ms += 1000;
    }
  });
});
