import { presenceColourFor, type SignedInMember } from '@accord/contracts';

/** How the signed-in member appears to the others in a document: their name and a caret colour. */
export interface LocalUser {
  name: string;
  color: string;
}

/**
 * The member's own name and colour. The colour comes from the same palette and hash the server
 * stamps with (libs/contracts presence.ts), so the local echo matches what the others see.
 */
export function localUserOf(member: Pick<SignedInMember, 'id' | 'displayName'>): LocalUser {
  return { name: member.displayName, color: presenceColourFor(member.id) };
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
