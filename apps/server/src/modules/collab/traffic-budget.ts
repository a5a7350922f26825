/** How much one connection may send, and make the server do, per second. */
export interface TrafficLimits {
  messagesPerSecond: number;
  messageBurst: number;
  bytesPerSecond: number;
  byteBurst: number;
}

/**
 * Two token buckets per connection: one counts messages, the other bytes. A frame costs one
 * message and its size; work a frame makes the server do (encoding the whole document for a sync
 * step 1, every presence state for a query) is charged in bytes as well, so a small request for
 * a large answer is not free. Each bucket starts full, which is the burst a client's initial sync
 * needs, and refills at its rate.
 */
export class TrafficBudget {
  private messages: number;
  private bytes: number;
  private refilledAt: number;

  constructor(
    readonly limits: TrafficLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.messages = limits.messageBurst;
    this.bytes = limits.byteBurst;
    this.refilledAt = now();
  }

  /** Charges one received frame of `bytes`; false once the connection is over its budget. */
  takeMessage(bytes: number): boolean {
    this.refill();
    this.messages -= 1;
    this.bytes -= bytes;
    return this.messages >= 0 && this.bytes >= 0;
  }

  /** Charges work done for the connection, in bytes; false once the connection is over its budget. */
  takeBytes(bytes: number): boolean {
    this.refill();
    this.bytes -= bytes;
    return this.bytes >= 0;
  }

  private refill(): void {
    const now = this.now();
    const seconds = Math.max(0, now - this.refilledAt) / 1000;
    this.refilledAt = now;
    this.messages = Math.min(this.limits.messageBurst, this.messages + seconds * this.limits.messagesPerSecond);
    this.bytes = Math.min(this.limits.byteBurst, this.bytes + seconds * this.limits.bytesPerSecond);
  }
}
