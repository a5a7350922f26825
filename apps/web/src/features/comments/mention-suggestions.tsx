import type { MentionableMember } from '@accord/contracts';
import { useEffect, useId, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchMentionableMembers } from '../../api/notifications-api';
import { CLOSED_SUGGESTIONS, isSuggestionsOpen, onSuggestionKey, withActive, withMembers, withQuery } from './mention-suggestions-state';
import './comments.css';

export { mentionQueryAt } from './mention-suggestions-state';

/** Typing pauses this long before the server is asked, so a fast typist sends one request, not five. */
const LOOKUP_DELAY_MS = 150;

export interface MentionSuggestionsOptions {
  recommendationId: string;
  /** The text typed after @ at the caret (see `mentionQueryAt`); null when the caret is not in a mention. */
  query: string | null;
  /** Insert the mention (a `mention` node with memberId and label) in place of "@query". */
  onPick: (member: MentionableMember) => void;
  /** What the list is called for a screen reader; the composer's "Members to mention" by default. */
  listLabel?: string;
}

/** What the composer's text field spreads on itself: it is the combobox of the ARIA pattern. */
export interface MentionComboboxProps {
  role: 'combobox';
  'aria-autocomplete': 'list';
  'aria-expanded': boolean;
  'aria-controls': string;
  'aria-activedescendant': string | undefined;
}

/** A key press, from React or straight from the DOM (the composer's ProseMirror view hands it native events). */
export interface SuggestionKeyEvent {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  preventDefault(): void;
}

export interface MentionSuggestions {
  comboboxProps: MentionComboboxProps;
  /**
   * Call first in the field's onKeyDown: arrows, Home/End, Enter, Tab and Escape belong to the
   * open list (the event is then prevented); true when it took the key.
   */
  onKeyDown: (event: SuggestionKeyEvent) => boolean;
  /** The listbox, rendered by the composer below its field. */
  listbox: ReactElement | null;
}

/**
 * @-mention autocomplete for the thread composer, as an ARIA combobox: focus stays in the text
 * field, aria-activedescendant names the active option, the members come from mentionable-members.
 * Integration: `const mention = useMentionSuggestions({ recommendationId, query: mentionQueryAt(text, caret), onPick })`,
 * spread `mention.comboboxProps` on the field, call `mention.onKeyDown(event)` first in its onKeyDown,
 * and render `mention.listbox` right after the field.
 */
export function useMentionSuggestions({ recommendationId, query, onPick, listLabel }: MentionSuggestionsOptions): MentionSuggestions {
  const { t } = useTranslation();
  const listId = useId();
  const [state, setState] = useState(CLOSED_SUGGESTIONS);

  useEffect(() => setState((previous) => withQuery(previous, query)), [query]);

  useEffect(() => {
    if (query === null) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      fetchMentionableMembers(recommendationId, query, controller.signal).then(
        (members) => setState((previous) => withMembers(previous, query, members)),
        // No suggestions is the fallback: the comment can still be written without a mention.
        () => setState((previous) => withMembers(previous, query, [])),
      );
    }, LOOKUP_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [recommendationId, query]);

  const open = isSuggestionsOpen(state);
  const optionId = (index: number): string => `${listId}-option-${index}`;
  const pick = (member: MentionableMember): void => {
    setState(CLOSED_SUGGESTIONS);
    onPick(member);
  };

  const onKeyDown = (event: SuggestionKeyEvent): boolean => {
    // Shift+Tab and modified keys keep their usual meaning.
    if (event.altKey || event.ctrlKey || event.metaKey || (event.key === 'Tab' && event.shiftKey)) return false;
    const outcome = onSuggestionKey(state, event.key);
    if (!outcome.handled) return false;
    event.preventDefault();
    setState(outcome.state);
    if (outcome.picked) onPick(outcome.picked);
    return true;
  };

  const listbox = open ? (
    <ul className="mention-suggestions" id={listId} role="listbox" aria-label={listLabel ?? t('comments.mentionSuggestions')} data-testid="mention-suggestions">
      {state.members.map((member, index) => (
        <li
          key={member.id}
          id={optionId(index)}
          role="option"
          aria-selected={index === state.active}
          className="mention-suggestions__option"
          data-member-id={member.id}
          // mousedown, not click: the field keeps its focus and caret.
          onMouseDown={(event) => {
            event.preventDefault();
            pick(member);
          }}
          onMouseMove={() => setState((previous) => withActive(previous, index))}
        >
          <span className="mention-suggestions__name">{member.displayName}</span>
          {member.partnerName && <span className="mention-suggestions__partner">{member.partnerName}</span>}
        </li>
      ))}
    </ul>
  ) : null;

  return {
    comboboxProps: {
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': open,
      'aria-controls': listId,
      'aria-activedescendant': open && state.active >= 0 ? optionId(state.active) : undefined,
    },
    onKeyDown,
    listbox,
  };
}
