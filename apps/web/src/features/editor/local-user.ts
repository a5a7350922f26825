import { PRESENCE_COLORS } from './presence-colours';

/** The person at this browser, until sign-in exists: a display name and a caret colour. */
export interface LocalUser {
  name: string;
  color: string;
}

const STORAGE_KEY = 'accord.user';

/**
 * Caret and avatar colours. Each carries white text at a contrast of at least 4.5:1 (WCAG AA),
 * and the caret extension only accepts #rrggbb.
 */
export const USER_COLORS = PRESENCE_COLORS;

export const MAX_NAME_LENGTH = 40;

export function normaliseName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
}

export function loadLocalUser(defaultName: () => string, storage: Storage | null = safeLocalStorage()): LocalUser {
  const stored = readStored(storage);
  if (stored) return stored;
  const user: LocalUser = { name: defaultName(), color: pick(USER_COLORS) };
  saveLocalUser(user, storage);
  return user;
}

export function saveLocalUser(user: LocalUser, storage: Storage | null = safeLocalStorage()): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(user));
  } catch {
    // Private mode or a full quota: the name then lasts for this page only, which is acceptable.
  }
}

export function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new RangeError('pick() needs at least one item');
  return item;
}

function readStored(storage: Storage | null): LocalUser | null {
  try {
    const raw: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return null;
    const { name, color } = raw as Record<string, unknown>;
    if (typeof name !== 'string' || !normaliseName(name)) return null;
    const knownColor = USER_COLORS.find((candidate) => candidate === color);
    return { name: normaliseName(name), color: knownColor ?? pick(USER_COLORS) };
  } catch {
    return null;
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
