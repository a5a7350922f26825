import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

/** A member's rights changed: roles, working groups, or removal. Open connections re-check at once. */
export interface MembershipChanged {
  memberId: string;
  networkId: string;
}

/**
 * In-process notice of membership changes. Other instances learn of them through the periodic
 * re-check of open connections (COLLAB_ACCESS_RECHECK_MS), so this is a fast path, not the only one.
 */
@Injectable()
export class MembershipEvents {
  private readonly changes = new Subject<MembershipChanged>();
  readonly changed$ = this.changes.asObservable();

  emit(change: MembershipChanged): void {
    this.changes.next(change);
  }
}
