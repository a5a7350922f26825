/**
 * Presence (y-protocols awareness) as the collaboration server stamps it. Whatever a client puts
 * in the `user` field of its awareness state, the server replaces it with the signed-in member
 * before anyone else sees it, so a name on a caret is always the member behind the connection.
 */
export interface PresenceUser {
  /** The member's display name. */
  name: string;
  /** `#rrggbb`, from PRESENCE_COLOURS, chosen by the member id: the same on every device. */
  color: string;
  memberId: string;
  /** The name of the member's partner organisation. */
  partner: string;
}

/**
 * Caret and avatar colours. The caret label draws white text on the colour, so each has a
 * contrast of at least 4.5:1 against white (WCAG AA for normal text); a unit test checks it.
 */
export const PRESENCE_COLOURS = [
  '#b42318',
  '#b54708',
  '#027a48',
  '#0e7090',
  '#175cd3',
  '#5925dc',
  '#c11574',
  '#3e4784',
  '#6f4e00',
  '#067647',
] as const;

/** The colour of a member: a stable hash of the id (FNV-1a), so it never depends on who joined first. */
export function presenceColourFor(memberId: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < memberId.length; index++) {
    hash ^= memberId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return PRESENCE_COLOURS[hash % PRESENCE_COLOURS.length];
}
