import type { Editor } from '@tiptap/core';
import { BubbleMenu } from '@tiptap/react/menus';
import { useTranslation } from 'react-i18next';
import { shortcutOf } from '../editor/editor-toolbar';
import { CommentIcon } from '../../components/toolbar-icons';
import { BACK_TO_THREAD_KEYS, START_THREAD_KEYS } from './comment-shortcuts';

interface CommentBubbleMenuProps {
  editor: Editor;
  onComment: () => void;
  /** Set after "Jump to passage": the way back to that thread. */
  onBack: (() => void) | null;
  /** Proposes an amendment of the selection (absent: not offered). */
  onAmend?: () => void;
}

/**
 * A small menu over a text selection: comment on it, or go back to the thread whose passage was
 * jumped to. Shown in read-only editors too: commenting needs no write to the text.
 */
export function CommentBubbleMenu({ editor, onComment, onBack, onAmend }: CommentBubbleMenuProps) {
  const { t } = useTranslation();
  const keys = shortcutOf(START_THREAD_KEYS);
  const backKeys = shortcutOf(BACK_TO_THREAD_KEYS);
  return (
    <BubbleMenu
      editor={editor}
      className="comment-bubble"
      data-testid="comment-bubble"
      shouldShow={({ state, from, to }) => from < to && state.doc.textBetween(from, to, '\n').trim() !== ''}
    >
      <button type="button" className="comment-bubble__button" aria-keyshortcuts={keys.aria} title={t('toolbar.shortcut', { label: t('comments.startThread'), keys: keys.hint })}
        onMouseDown={(event) => event.preventDefault()} onClick={onComment} data-testid="bubble-comment">
        <CommentIcon />
        {t('comments.startThread')}
      </button>
      {onAmend && (
        <button type="button" className="comment-bubble__button" onMouseDown={(event) => event.preventDefault()} onClick={onAmend} data-testid="bubble-amend">
          {t('amendments.propose')}
        </button>
      )}
      {onBack && (
        <button type="button" className="comment-bubble__button" aria-keyshortcuts={backKeys.aria} title={t('toolbar.shortcut', { label: t('comments.backToThread'), keys: backKeys.hint })}
          onMouseDown={(event) => event.preventDefault()} onClick={onBack} data-testid="bubble-back">
          {t('comments.backToThread')}
        </button>
      )}
    </BubbleMenu>
  );
}
