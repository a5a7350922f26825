import { Collaboration } from '@tiptap/extension-collaboration';
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { DOCUMENT_FRAGMENT } from '@accord/contracts';
import { accordExtensions } from '@accord/editor';
import { useTranslation } from 'react-i18next';
import type { CollabSession } from './collab-session';
import type { SignedInMember } from '@accord/contracts';
import type { CommentThreadView } from '@accord/contracts';
import { AmendmentsList, ProposeAmendmentForm } from '../amendments/amendments-list';
import { CommentBubbleMenu } from '../comments/comment-bubble-menu';
import { anchorOfSelection } from '../comments/selection-anchor';
import { CommentsPanel } from '../comments/comments-panel';
import { useCommentThreads, useThreadHighlightSync } from '../comments/use-comment-threads';
import { CommentOnlyToolbar, EditorToolbar } from './editor-toolbar';
import { PRESENCE_TEXT_COLOR, readablePresenceColor } from './presence-colours';
import { ReadOnlyGuard, ReadOnlyKeyboardSelection } from './read-only-view';
import { ToolbarShortcuts } from './toolbar-shortcuts';
import type { LocalUser } from './local-user';

interface CollaborativeEditorProps {
  session: CollabSession;
  user: LocalUser;
  /** Shown at the end of the sticky bar, so save and connection state stay in view while scrolling. */
  status: ReactNode;
  /** False for members who may read but not edit: the text cannot be changed and the toolbar is hidden. */
  editable: boolean;
  /** The language the text is written in (BCP 47), once known: screen readers then read it in that language. */
  contentLanguage: string | null;
  recommendationId: string;
  /** A thread to open once the threads are loaded, its passage scrolled into view. */
  openThreadId: string | null;
  /** The signed-in member, who comments; null while the session is being read. */
  member: SignedInMember | null;
}

export function CollaborativeEditor({ session, user, status, editable, contentLanguage, recommendationId, openThreadId, member }: CollaborativeEditorProps) {
  const { t } = useTranslation();
  const threads = useCommentThreads(session, recommendationId, openThreadId);
  // Each amendment proposed or changing status, by anyone, reloads the list under the text.
  const [amendmentNews, setAmendmentNews] = useState(0);
  useEffect(() => session.onAmendmentEvent(() => setAmendmentNews((count) => count + 1)), [session]);
  // The editor is built once per session; later name changes go through updateUser.
  const initialUser = useRef(user);
  const toolbarRef = useRef<HTMLDivElement>(null);
  // Read when ProseMirror recomputes the attributes (after setEditable), so aria-readonly follows.
  const editableRef = useRef(editable);
  editableRef.current = editable;

  const editor = useEditor(
    {
      editable,
      // TipTap would add its base CSS as an inline <style>, which the Content-Security-Policy refuses; the same rules come from ProseMirror's own style sheet, bundled.
      injectCSS: false,
      extensions: [
        ...accordExtensions(),
        Collaboration.configure({ document: session.doc, field: DOCUMENT_FRAGMENT }),
        CollaborationCaret.configure({
          provider: session.provider,
          user: initialUser.current,
          render: renderCaret,
        }),
        ReadOnlyGuard,
        ReadOnlyKeyboardSelection,
        ToolbarShortcuts.configure({
          focusToolbar: () => focusIn(toolbarRef.current, '.toolbar__button[tabindex="0"]'),
          openLinkForm: () => clickIn(toolbarRef.current, '[data-command="link"]'),
        }),
        // After Collaboration: the highlights read the sync plugin's mapping once it has run.
        ...threads.extensions,
      ],
      // A function, so ProseMirror recomputes it after setEditable and aria-readonly follows.
      editorProps: { attributes: () => contentAttributes(t('editor.documentLabel'), contentLanguage, editableRef.current) },
    },
    [session],
  );

  useThreadHighlightSync(editor, threads);

  // The passage of an amendment being proposed: from the selection, or from a comment thread.
  const [proposing, setProposing] = useState<{ anchor?: { start: string; end: string; quotedText: string }; threadId?: string; quotedText: string } | null>(null);
  const amendSelection = (): void => {
    const anchor = anchorOfSelection(editor, session.doc.getXmlFragment(DOCUMENT_FRAGMENT));
    if (anchor) setProposing({ anchor: { start: anchor.start, end: anchor.end, quotedText: anchor.quotedText }, quotedText: anchor.quotedText });
  };
  const amendThread = (thread: CommentThreadView): void => setProposing({ threadId: thread.id, quotedText: thread.anchor.quotedText });

  useEffect(() => {
    if (!editor.isDestroyed && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  // The text's language arrives with the recommendation, and the label follows a switch of UI language.
  const label = t('editor.documentLabel');
  useEffect(() => {
    if (!editor.isDestroyed) editor.setOptions({ editorProps: { attributes: () => contentAttributes(label, contentLanguage, editableRef.current) } });
  }, [editor, label, contentLanguage]);

  useEffect(() => {
    if (editor.isDestroyed) return;
    editor.commands.updateUser({ name: user.name, color: user.color });
  }, [editor, user.name, user.color]);

  return (
    <>
      <div className="editor-bar">
        <div className="editor-bar__inner">
          {editable ? <EditorToolbar editor={editor} containerRef={toolbarRef} onComment={threads.startThread} /> : <CommentOnlyToolbar onComment={threads.startThread} />}
          {status}
        </div>
      </div>
      {threads.notice === 'select-first' && (
        <p className="session-notice" role="status" data-testid="comment-notice">{t('comments.selectFirst')}</p>
      )}
      <div className="editor-columns">
        <div className="document-frame">
          <EditorContent editor={editor} className="document" />
          <CommentBubbleMenu editor={editor} onComment={threads.startThread} onBack={threads.jumpedFrom ? threads.back : null} onAmend={member ? amendSelection : undefined} />
        </div>
        {member && threads.store && (
          <CommentsPanel
            editor={editor}
            store={threads.store}
            snapshot={threads.snapshot}
            member={member}
            recommendationId={recommendationId}
            resolutions={threads.resolutions}
            activeId={threads.activeId}
            onActivate={threads.setActiveId}
            draft={threads.draft}
            onDraftClosed={threads.closeDraft}
            onJump={threads.jump}
            stateVector={threads.stateVector}
            focusRequest={threads.focusRequest}
            onFocused={threads.focused}
            onAmend={amendThread}
          />
        )}
      </div>
      {proposing && <ProposeAmendmentForm recommendationId={recommendationId} passage={proposing} onCancel={() => setProposing(null)} />}
      {member && <AmendmentsList recommendationId={recommendationId} refreshKey={amendmentNews} />}
    </>
  );
}

function focusIn(container: HTMLElement | null, selector: string): boolean {
  const target = container?.querySelector<HTMLElement>(selector);
  target?.focus();
  return Boolean(target);
}

function clickIn(container: HTMLElement | null, selector: string): boolean {
  const target = container?.querySelector<HTMLElement>(selector);
  target?.click();
  return Boolean(target);
}

function contentAttributes(label: string, language: string | null, editable: boolean): Record<string, string> {
  return {
    class: 'document-body',
    'aria-label': label,
    'aria-multiline': 'true',
    'aria-readonly': editable ? 'false' : 'true',
    role: 'textbox',
    spellcheck: 'true',
    'data-testid': 'editor-content',
    // The text's own language, which may differ from the UI's (WCAG 3.1.2); unknown: the page's applies.
    ...(language ? { lang: language } : {}),
    // A read-only text is not editable, so not focusable by itself: a commenter tabs in to select by keyboard.
    ...(editable ? {} : { tabindex: '0' }),
  };
}

/**
 * Same class names as the extension's own caret (tests and CSS rely on them), but with a
 * span label (a div may not sit inside the caret's span) hidden from screen readers, which
 * announce presence through the avatars instead.
 */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const name = typeof user.name === 'string' ? user.name : '';
  // The label's white text needs 4.5:1 on its background, whatever colour a peer sent.
  const color = readablePresenceColor(user.color);
  const caret = document.createElement('span');
  caret.className = 'collaboration-carets__caret';
  caret.style.borderColor = color;
  caret.setAttribute('aria-hidden', 'true');
  caret.dataset.testid = 'remote-caret';
  caret.dataset.user = name;
  const label = document.createElement('span');
  label.className = 'collaboration-carets__label';
  label.style.backgroundColor = color;
  label.style.color = PRESENCE_TEXT_COLOR;
  label.textContent = name;
  caret.append(label);
  return caret;
}
