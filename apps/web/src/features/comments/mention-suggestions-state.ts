import type { MentionableMember } from '@accord/contracts';

/**
 * What the @-mention list shows and which option is active, kept apart from React so that its
 * keyboard behaviour (ARIA combobox: arrows, Home/End, Enter, Escape, Tab) is tested on its own.
 */
export interface MentionSuggestionsState {
  /** The text typed after @ that the members were looked up for; null: not in a mention. */
  query: string | null;
  members: MentionableMember[];
  /** Index of the active option in `members`, -1 when none. */
  active: number;
  /** The query the list was closed for with Escape: it stays closed until the query changes. */
  dismissedQuery: string | null;
}

export const CLOSED_SUGGESTIONS: MentionSuggestionsState = { query: null, members: [], active: -1, dismissedQuery: null };

/** The list is on screen: in a mention, with members to offer, and not dismissed for this query. */
export function isSuggestionsOpen(state: MentionSuggestionsState): boolean {
  return state.query !== null && state.members.length > 0 && state.dismissedQuery !== state.query;
}

/** The composer's @-query changed (null: the caret left the mention). */
export function withQuery(state: MentionSuggestionsState, query: string | null): MentionSuggestionsState {
  if (query === state.query) return state;
  if (query === null) return CLOSED_SUGGESTIONS;
  // Escape holds only for the query it was pressed on; typing on opens the list again.
  return { ...state, query, dismissedQuery: state.dismissedQuery === query ? query : null };
}

/** Members arrived for `query`; answers for an older query are dropped. The first is active, so Enter takes it. */
export function withMembers(state: MentionSuggestionsState, query: string, members: MentionableMember[]): MentionSuggestionsState {
  if (query !== state.query) return state;
  const keep = state.active >= 0 ? members.findIndex((member) => member.id === state.members[state.active]?.id) : -1;
  return { ...state, members, active: members.length === 0 ? -1 : keep >= 0 ? keep : 0 };
}

export function withActive(state: MentionSuggestionsState, index: number): MentionSuggestionsState {
  return index >= 0 && index < state.members.length ? { ...state, active: index } : state;
}

export interface KeyOutcome {
  state: MentionSuggestionsState;
  /** The member to insert, when the key chose one. */
  picked: MentionableMember | null;
  /** True when the key belongs to the list: the composer must not act on it (preventDefault). */
  handled: boolean;
}

/** One key press in the composer while suggestions may be open. */
export function onSuggestionKey(state: MentionSuggestionsState, key: string): KeyOutcome {
  const unhandled: KeyOutcome = { state, picked: null, handled: false };
  if (!isSuggestionsOpen(state)) return unhandled;
  const last = state.members.length - 1;
  switch (key) {
    case 'ArrowDown':
      return { state: { ...state, active: state.active >= last ? 0 : state.active + 1 }, picked: null, handled: true };
    case 'ArrowUp':
      return { state: { ...state, active: state.active <= 0 ? last : state.active - 1 }, picked: null, handled: true };
    case 'Home':
      return { state: { ...state, active: 0 }, picked: null, handled: true };
    case 'End':
      return { state: { ...state, active: last }, picked: null, handled: true };
    case 'Enter':
    case 'Tab': {
      const member = state.members[state.active];
      if (!member) return unhandled;
      return { state: CLOSED_SUGGESTIONS, picked: member, handled: true };
    }
    case 'Escape':
      return { state: { ...state, dismissedQuery: state.query }, picked: null, handled: true };
    default:
      return unhandled;
  }
}

/** The @-query at the caret: the word after an @ that starts a word, up to the caret; null when there is none. */
export function mentionQueryAt(text: string, caret: number): string | null {
  const before = text.slice(0, caret);
  const match = /(?:^|[\s(])@([^\s@]{0,60})$/u.exec(before);
  return match ? (match[1] ?? '') : null;
}
