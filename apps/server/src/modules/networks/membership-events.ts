import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

/** A member's rights changed: roles, working groups, or removal. Open connections re-check at once. */
export interface MembershipChanged {
  memberId: string;
  networkId: string;
}

/**
 * Notice of membership changes. `changed$` carries every change, made here or (with REDIS_URL) on
 * another instance; `localChanges$` only those made here, which the cluster relays to the others.
 * The periodic re-check of open connections (COLLAB_ACCESS_RECHECK_MS) remains the safety net.
 */
@Injectable()
export class MembershipEvents {
  private readonly changes = new Subject<MembershipChanged>();
  private readonly local = new Subject<MembershipChanged>();
  readonly changed$ = this.changes.asObservable();
  readonly localChanges$ = this.local.asObservable();

  emit(change: MembershipChanged): void {
    this.local.next(change);
    this.changes.next(change);
  }

  /** A change another instance made: acted on here, never relayed again. */
  emitFromPeer(change: MembershipChanged): void {
    this.changes.next(change);
  }
}
