import type { Awareness } from 'y-protocols/awareness';
import { readablePresenceColor } from './presence-colours';

export interface PresentUser {
  clientId: number;
  name: string | null;
  color: string;
  isSelf: boolean;
}

/** The people in a document, from awareness states (anything a peer sends is checked first). */
export function readPresence(awareness: Awareness): PresentUser[] {
  const users: PresentUser[] = [];
  awareness.getStates().forEach((state, clientId) => {
    const user: unknown = state.user;
    if (typeof user !== 'object' || user === null) return;
    const { name, color } = user as Record<string, unknown>;
    users.push({
      clientId,
      name: typeof name === 'string' && name.trim() ? name.trim().slice(0, 40) : null,
      color: readablePresenceColor(color),
      isSelf: clientId === awareness.clientID,
    });
  });
  // Yourself first, then a stable order so avatars do not jump around as people type.
  return users.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.clientId - b.clientId);
}

export function initialsOf(name: string | null): string {
  if (!name) return '?';
  const words = name.split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [name];
  return letters
    .map((word) => Array.from(word ?? '')[0] ?? '')
    .join('')
    .toLocaleUpperCase();
}
