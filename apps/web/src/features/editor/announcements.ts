import type { ConnectionState } from './collab-session';
import type { PresentUser } from './presence';
import type { SaveState } from './save-tracker';

/**
 * What the polite live region says, decided without React so it can be tested: state changes,
 * never the saving/saved flicker of every keystroke.
 */
export class StatusAnnouncements {
  private connection: ConnectionState;
  private save: SaveState;

  constructor(initial: { connection: ConnectionState; save: SaveState }) {
    this.connection = initial.connection;
    this.save = initial.save;
  }

  /** The states worth saying now (none, one or both), given the current ones. */
  next(current: { connection: ConnectionState; save: SaveState }): { connection: ConnectionState | null; save: SaveState | null } {
    const connection = current.connection !== this.connection ? current.connection : null;
    this.connection = current.connection;
    // "Saving…" is transient and comes with each keystroke; a save state is said when it differs
    // from the last one said, so typing (saved, saving, saved) says nothing.
    const save = current.save !== 'saving' && current.save !== this.save ? current.save : null;
    if (save) this.save = save;
    return { connection, save };
  }
}

export interface PresenceChange {
  joined: string[];
  left: string[];
}

/** Who came and went between two presence lists (yourself excluded), by name. */
export function presenceChange(before: readonly PresentUser[], after: readonly PresentUser[], anonymous: string): PresenceChange {
  const ids = (users: readonly PresentUser[]): Set<number> => new Set(users.filter((user) => !user.isSelf).map((user) => user.clientId));
  const beforeIds = ids(before);
  const afterIds = ids(after);
  const nameOf = (user: PresentUser): string => user.name ?? anonymous;
  return {
    joined: after.filter((user) => !user.isSelf && !beforeIds.has(user.clientId)).map(nameOf),
    left: before.filter((user) => !user.isSelf && !afterIds.has(user.clientId)).map(nameOf),
  };
}

/**
 * Adds changes that arrive close together into one, so that someone reconnecting (left, joined)
 * or a group arriving is one sentence, not several. A name that left and came back cancels out.
 */
export function mergePresenceChanges(first: PresenceChange, second: PresenceChange): PresenceChange {
  const joined = [...first.joined];
  const left = [...first.left];
  for (const name of second.left) {
    const index = joined.indexOf(name);
    if (index >= 0) joined.splice(index, 1);
    else left.push(name);
  }
  for (const name of second.joined) {
    const index = left.indexOf(name);
    if (index >= 0) left.splice(index, 1);
    else joined.push(name);
  }
  return { joined, left };
}
