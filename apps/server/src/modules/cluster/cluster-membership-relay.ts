import type { MembershipEvents } from '../networks/membership-events';
import type { ClusterLink } from './cluster-link';
import { decodeJsonMessage, encodeJsonMessage } from './cluster-messages';

/**
 * Membership changes (roles, working groups, removal) made on one instance reach the open
 * connections of every instance at once, instead of at their next periodic re-check.
 */
export async function relayMembershipChanges(link: ClusterLink, events: MembershipEvents): Promise<() => void> {
  const channel = `${link.options.keyPrefix}membership`;
  const subscription = events.localChanges$.subscribe((change) => void link.publish(channel, encodeJsonMessage(link.instanceId, change)));
  const unsubscribe = await link.subscribe(channel, (message) => {
    const decoded = decodeJsonMessage(message);
    if (!decoded || decoded.sender === link.instanceId) return;
    const { memberId, networkId } = (decoded.body ?? {}) as { memberId?: unknown; networkId?: unknown };
    if (typeof memberId === 'string' && typeof networkId === 'string') events.emitFromPeer({ memberId, networkId });
  });
  return () => {
    subscription.unsubscribe();
    unsubscribe();
  };
}
