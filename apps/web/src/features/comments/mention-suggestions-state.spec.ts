import type { MentionableMember } from '@accord/contracts';
import { describe, expect, it } from 'vitest';
import { CLOSED_SUGGESTIONS, isSuggestionsOpen, mentionQueryAt, onSuggestionKey, withMembers, withQuery, type MentionSuggestionsState } from './mention-suggestions-state';

const member = (id: string, displayName: string): MentionableMember => ({ id, displayName, partnerName: 'Municipality of Ptuj' });
const MAJA = member('m1', 'Maja Kranjc');
const MARKO = member('m2', 'Marko Horvat');
const MARTA = member('m3', 'Marta Novak');

function openOn(query: string, members = [MAJA, MARKO, MARTA]): MentionSuggestionsState {
  return withMembers(withQuery(CLOSED_SUGGESTIONS, query), query, members);
}

/** Presses the keys in turn; answers the last outcome. */
function press(state: MentionSuggestionsState, ...keys: string[]) {
  let outcome = { state, picked: null as MentionableMember | null, handled: false };
  for (const key of keys) outcome = onSuggestionKey(outcome.state, key);
  return outcome;
}

describe('@-mention suggestions, keyboard', () => {
  it('opens with the first member active, so Enter takes it', () => {
    const state = openOn('ma');
    expect(isSuggestionsOpen(state)).toBe(true);
    expect(press(state, 'Enter')).toEqual({ state: CLOSED_SUGGESTIONS, picked: MAJA, handled: true });
  });

  it('moves down and up with the arrows, wrapping at both ends, and jumps with Home and End', () => {
    const state = openOn('ma');
    expect(press(state, 'ArrowDown').state.active).toBe(1);
    expect(press(state, 'ArrowDown', 'ArrowDown', 'ArrowDown').state.active).toBe(0);
    expect(press(state, 'ArrowUp').state.active).toBe(2);
    expect(press(state, 'End').state.active).toBe(2);
    expect(press(state, 'End', 'Home').state.active).toBe(0);
    expect(press(state, 'ArrowDown', 'Enter').picked).toBe(MARKO);
    expect(press(state, 'ArrowUp', 'Tab').picked).toBe(MARTA);
  });

  it('closes on Escape without picking, and stays closed until the query changes', () => {
    const escaped = press(openOn('ma'), 'Escape');
    expect(escaped).toMatchObject({ picked: null, handled: true });
    expect(isSuggestionsOpen(escaped.state)).toBe(false);
    // Enter now belongs to the composer again (a new line), not to a hidden list.
    expect(press(escaped.state, 'Enter')).toMatchObject({ picked: null, handled: false });
    const typedOn = withMembers(withQuery(escaped.state, 'mar'), 'mar', [MARKO, MARTA]);
    expect(isSuggestionsOpen(typedOn)).toBe(true);
  });

  it('leaves every key to the composer while closed or when nobody matches', () => {
    for (const key of ['ArrowDown', 'ArrowUp', 'Enter', 'Escape', 'Tab']) {
      expect(onSuggestionKey(CLOSED_SUGGESTIONS, key).handled).toBe(false);
      expect(onSuggestionKey(openOn('zz', []), key).handled).toBe(false);
    }
    expect(onSuggestionKey(openOn('ma'), 'a').handled).toBe(false);
  });

  it('drops an answer for an older query and keeps the active member when the list refreshes', () => {
    const state = press(openOn('m'), 'ArrowDown').state;
    expect(withMembers(withQuery(state, 'mar'), 'm', [MAJA]).members).toEqual([MAJA, MARKO, MARTA]);
    const refreshed = withMembers(withQuery(state, 'mar'), 'mar', [MARKO, MARTA]);
    expect(refreshed.members[refreshed.active]).toBe(MARKO);
  });

  it('finds the @-query before the caret only where a mention can start', () => {
    expect(mentionQueryAt('Thanks @Ma', 10)).toBe('Ma');
    expect(mentionQueryAt('@', 1)).toBe('');
    expect(mentionQueryAt('Thanks @Ma and', 14)).toBeNull();
    expect(mentionQueryAt('mail me at x@example', 20)).toBeNull();
    expect(mentionQueryAt('(@mar', 5)).toBe('mar');
  });
});
