import { STANCES, type CommentBody, type Stance } from '@accord/contracts';
import { Extension, Node, type Editor } from '@tiptap/core';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import { StarterKit } from '@tiptap/starter-kit';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { LinkIcon } from '../../components/toolbar-icons';
import { LinkForm, shortcutOf } from '../editor/editor-toolbar';
import { STANCE_LABELS } from './comment-labels';
import { commentBodyOfComposer } from './composer-body';
import { mentionQueryAt, useMentionSuggestions, type SuggestionKeyEvent } from './mention-suggestions';

/** The composer's keys, as shown in its buttons' hints. */
export const COMPOSER_KEYS = { bold: 'Mod+B', italic: 'Mod+I', link: 'Mod+K', send: 'Mod+Enter', lineBreak: 'Shift+Enter' } as const;

interface CommentComposerProps {
  /** The label of the text field ("Comment", "Reply", "Edit your comment"). */
  label: string;
  submitLabel: string;
  recommendationId: string;
  initialBody?: CommentBody | null;
  initialStance?: Stance | null;
  /** Focuses the text field when it appears (a new thread, an edit); a reply box waits to be chosen. */
  autoFocus?: boolean;
  onSubmit: (body: CommentBody, stance: Stance | null) => Promise<void>;
  onCancel?: () => void;
  testId: string;
}

/**
 * A member mentioned in a comment: an inline atom that reads "@Name" and carries the member's id.
 * Nothing is parsed from pasted HTML, so a mention is only ever made by picking a member.
 */
const CommentMention = Node.create({
  name: 'mention',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: false,
  addAttributes() {
    return { memberId: { default: null, rendered: false }, label: { default: '', rendered: false } };
  },
  parseHTML() {
    return [];
  },
  renderHTML({ node }) {
    return ['span', { class: 'comment__mention', 'data-member-id': String(node.attrs.memberId) }, `@${String(node.attrs.label)}`];
  },
  renderText({ node }) {
    return `@${String(node.attrs.label)}`;
  },
});

interface ComposerKeyOptions {
  send: () => boolean;
  cancel: () => boolean;
  openLink: () => boolean;
}

/** Ctrl/Cmd+Enter sends (before the line break TipTap binds to it), Ctrl/Cmd+K a link, Escape cancels. */
const ComposerKeys = Extension.create<ComposerKeyOptions>({
  name: 'accordComposerKeys',
  priority: 1000,
  addOptions() {
    return { send: () => false, cancel: () => false, openLink: () => false };
  },
  addKeyboardShortcuts() {
    return {
      'Mod-Enter': () => this.options.send(),
      'Mod-k': () => this.options.openLink(),
      Escape: () => this.options.cancel(),
    };
  },
});

/** The @-query at the caret of the composer, from the text of its paragraph up to the caret. */
function mentionQueryOf(editor: Editor): string | null {
  const { empty, $head } = editor.state.selection;
  if (!empty) return null;
  // A line break counts as white space, so "@" right after Shift+Enter starts a mention.
  const before = $head.parent.textBetween(0, $head.parentOffset, undefined, (leaf) => (leaf.type.name === 'hardBreak' ? '\n' : '\ufffc'));
  return mentionQueryAt(before, before.length);
}

/**
 * A small rich-text field for a comment (bold, italic, links, @-mentions, line breaks) with an
 * optional stance. Keys: Ctrl/Cmd+B and +I, Ctrl/Cmd+K for a link, Shift+Enter for a line break,
 * Ctrl/Cmd+Enter sends, Escape cancels. The server's sentence is shown when it refuses.
 */
export function CommentComposer({ label, submitLabel, recommendationId, initialBody = null, initialStance = null, autoFocus, onSubmit, onCancel, testId }: CommentComposerProps) {
  const { t } = useTranslation();
  const labelId = useId();
  const hintId = useId();
  const stanceId = useId();
  const errorId = useId();
  const [stance, setStance] = useState<Stance | null>(initialStance);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [linkOpen, setLinkOpen] = useState(false);
  const [query, setQuery] = useState<string | null>(null);

  // The editor is made once; its keys reach the current callbacks through these refs.
  const sendRef = useRef<() => void>(() => undefined);
  const cancelRef = useRef(onCancel);
  cancelRef.current = onCancel;
  const mentionKeysRef = useRef<(event: SuggestionKeyEvent) => boolean>(() => false);

  const editor = useEditor({
    injectCSS: false,
    autofocus: autoFocus ? 'end' : false,
    content: initialBody ?? '',
    extensions: [
      StarterKit.configure({
        heading: false, blockquote: false, bulletList: false, orderedList: false, listItem: false, listKeymap: false,
        codeBlock: false, code: false, horizontalRule: false, strike: false, underline: false,
        dropcursor: false, gapcursor: false, trailingNode: false,
        link: { openOnClick: false, autolink: true, defaultProtocol: 'https' },
      }),
      CommentMention,
      ComposerKeys.configure({
        send: () => {
          sendRef.current();
          return true;
        },
        cancel: () => {
          if (!cancelRef.current) return false;
          cancelRef.current();
          return true;
        },
        openLink: () => {
          setLinkOpen(true);
          return true;
        },
      }),
    ],
    onUpdate: ({ editor: current }) => {
      setProblem(null);
      setQuery(mentionQueryOf(current));
    },
    onSelectionUpdate: ({ editor: current }) => setQuery(mentionQueryOf(current)),
  });

  const mention = useMentionSuggestions({
    recommendationId,
    query,
    onPick: (member) => {
      const { head } = editor.state.selection;
      const typed = (query ?? '').length + 1;
      editor
        .chain()
        .focus()
        .insertContentAt({ from: head - typed, to: head }, [{ type: 'mention', attrs: { memberId: member.id, label: member.displayName } }, { type: 'text', text: ' ' }])
        .run();
    },
  });
  mentionKeysRef.current = mention.onKeyDown;

  // The field's ARIA follows the @-list and the error; set as the view's attributes, with the key hook.
  const listOpen = mention.comboboxProps['aria-expanded'];
  const activeOption = mention.comboboxProps['aria-activedescendant'];
  const listId = mention.comboboxProps['aria-controls'];
  useEffect(() => {
    if (editor.isDestroyed) return;
    const attributes: Record<string, string> = {
      class: 'input comment-composer__text',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-labelledby': labelId,
      'aria-describedby': problem ? `${hintId} ${errorId}` : hintId,
      'aria-invalid': problem ? 'true' : 'false',
      'aria-autocomplete': 'list',
      'data-testid': `${testId}-text`,
      ...(listOpen ? { 'aria-controls': listId } : {}),
      ...(activeOption ? { 'aria-activedescendant': activeOption } : {}),
    };
    editor.setOptions({ editorProps: { attributes, handleKeyDown: (_view, event) => mentionKeysRef.current(event) } });
  }, [editor, labelId, hintId, errorId, problem, testId, listOpen, listId, activeOption]);

  const submit = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    if (busy) return;
    const body = commentBodyOfComposer(editor.getJSON());
    if (!body) {
      setProblem(t('comments.emptyComment'));
      editor.commands.focus();
      return;
    }
    setBusy(true);
    try {
      await onSubmit(body, stance);
      if (!editor.isDestroyed) editor.commands.clearContent(true);
      setStance(null);
      setProblem(null);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : t('comments.sendFailed'));
      if (!editor.isDestroyed) editor.commands.focus();
    } finally {
      setBusy(false);
    }
  };
  sendRef.current = () => void submit();

  return (
    <div className="comment-composer" data-testid={testId}>
      <div className="comment-composer__head">
        <span className="comment-composer__label" id={labelId} onClick={() => editor.commands.focus()}>{label}</span>
        <FormatButtons editor={editor} linkOpen={linkOpen} onLink={() => setLinkOpen((open) => !open)} />
      </div>
      <EditorContent editor={editor} className="comment-composer__field" />
      <p className="visually-hidden" id={hintId}>
        {t('comments.composerKeys', { send: shortcutOf(COMPOSER_KEYS.send).hint, lineBreak: COMPOSER_KEYS.lineBreak, link: shortcutOf(COMPOSER_KEYS.link).hint })}
      </p>
      {mention.listbox}
      {linkOpen && <LinkForm editor={editor} onClose={() => setLinkOpen(false)} />}
      {problem && <p id={errorId} className="comment-composer__problem" role="alert">{problem}</p>}
      <form className="comment-composer__form" onSubmit={(event) => void submit(event)}>
        <div className="comment-composer__row">
          <label className="comment-composer__stance-label" htmlFor={stanceId}>{t('comments.stanceLabel')}</label>
          <select id={stanceId} className="input comment-composer__stance" value={stance ?? ''} data-testid={`${testId}-stance`}
            onChange={(event) => setStance(STANCES.find((candidate) => candidate === event.target.value) ?? null)}>
            <option value="">{t('comments.stanceNone')}</option>
            {STANCES.map((candidate) => <option key={candidate} value={candidate}>{t(STANCE_LABELS[candidate])}</option>)}
          </select>
        </div>
        <div className="comment-composer__actions">
          {onCancel && <button type="button" className="button button--quiet" onClick={onCancel}>{t('comments.cancel')}</button>}
          <button type="submit" className="button button--primary" disabled={busy} aria-keyshortcuts={shortcutOf(COMPOSER_KEYS.send).aria}
            title={t('toolbar.shortcut', { label: submitLabel, keys: shortcutOf(COMPOSER_KEYS.send).hint })} data-testid={`${testId}-submit`}>
            {submitLabel}
          </button>
        </div>
      </form>
    </div>
  );
}

/** Bold, italic and link for the mouse, each with its key in the hint; they keep the field's selection. */
function FormatButtons({ editor, linkOpen, onLink }: { editor: Editor; linkOpen: boolean; onLink: () => void }) {
  const { t } = useTranslation();
  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => ({ bold: current.isActive('bold'), italic: current.isActive('italic'), link: current.isActive('link') }),
  });
  const button = (name: 'bold' | 'italic' | 'link', content: ReactNode, onClick: () => void, expanded?: boolean) => {
    const keys = shortcutOf(COMPOSER_KEYS[name]);
    return (
      <button type="button" className="comment-composer__format" aria-label={t(`toolbar.${name}`)} aria-pressed={active[name]} aria-keyshortcuts={keys.aria}
        {...(expanded === undefined ? {} : { 'aria-expanded': expanded })}
        title={t('toolbar.shortcut', { label: t(`toolbar.${name}`), keys: keys.hint })} onMouseDown={(event) => event.preventDefault()} onClick={onClick}>
        {content}
      </button>
    );
  };
  return (
    <div className="comment-composer__formats" role="group" aria-label={t('comments.formatting')}>
      {button('bold', <b aria-hidden="true">B</b>, () => editor.chain().focus().toggleBold().run())}
      {button('italic', <i aria-hidden="true">I</i>, () => editor.chain().focus().toggleItalic().run())}
      {button('link', <LinkIcon />, onLink, linkOpen)}
    </div>
  );
}
