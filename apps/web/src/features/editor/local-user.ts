import type { SignedInMember } from '@accord/contracts';

/** How the signed-in member appears to the others in a document: their name and a caret colour. */
export interface LocalUser {
  name: string;
  color: string;
}

/**
 * Caret and avatar colours. Each carries white text at a contrast of at least 4.5:1 (WCAG AA),
 * and the caret extension only accepts #rrggbb.
 */
export const USER_COLORS = [
  '#b42318', '#b54708', '#027a48', '#0e7090', '#175cd3', '#5925dc', '#c11574', '#3e4784', '#6f4e00', '#067647',
] as const;

/**
 * The member's own name and a colour fixed by their id, so they keep it across reloads without
 * anything stored in the browser. The server stamps both on what others see; this is the local echo.
 */
export function localUserOf(member: Pick<SignedInMember, 'id' | 'displayName'>): LocalUser {
  let hash = 0;
  for (const char of member.id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return { name: member.displayName, color: USER_COLORS[hash % USER_COLORS.length] ?? USER_COLORS[0] };
}

/** Where earlier versions kept a typed-in display name; it outlived sign-out, so it is removed. */
const LEGACY_STORAGE_KEY = 'accord.user';

export function forgetLegacyLocalUser(): void {
  try {
    window.localStorage.removeItem(LEGACY_STORAGE_KEY);
  } catch {
    // Storage disabled: then nothing was stored either.
  }
}
