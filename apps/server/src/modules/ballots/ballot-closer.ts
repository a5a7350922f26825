import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../config/app-config';
import { settleInBackground } from '../collab/connection-guard';
import { BallotsRepository } from './ballots.repository';
import { BallotsService } from './ballots.service';

/**
 * Closes ballots at their deadline and sends the reminders before it. Runs at start (a deadline
 * missed while no instance ran is closed then) and every BALLOT_CLOSER_INTERVAL_MS. With several
 * instances one runs at a time (a PostgreSQL advisory lock); each close also locks its ballot and
 * skips one already closed, so a ballot is closed once whatever happens.
 */
@Injectable()
export class BallotCloser implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(BallotCloser.name);
  private readonly intervalMs: number;
  private readonly reminderHours: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly ballots: BallotsRepository,
    private readonly service: BallotsService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.intervalMs = config.get('BALLOT_CLOSER_INTERVAL_MS', { infer: true });
    this.reminderHours = config.get('BALLOT_REMINDER_HOURS', { infer: true });
  }

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    const tick = () => settleInBackground(this.logger, 'ballot closer', {}, () => this.runOnce().then(() => undefined));
    tick();
    this.timer = setInterval(tick, this.intervalMs).unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One round: closes every due ballot and sends due reminders. Returns how many ballots this instance closed. */
  runOnce(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async round(): Promise<number> {
    let closed = 0;
    await this.ballots.asTheOnlyCloser(async () => {
      for (const id of await this.ballots.dueIds()) {
        try {
          if (await this.service.closeAtDeadline(id)) closed++;
        } catch (error) {
          // One ballot that cannot close must not hold up the others; it is tried again next round.
          this.logger.error({ ballotId: id, err: error }, 'Could not close a ballot at its deadline');
        }
      }
      await this.service.sendReminders(this.reminderHours);
    });
    if (closed > 0) this.logger.log({ closed }, 'Closed ballots at their deadline');
    return closed;
  }
}
