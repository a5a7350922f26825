import { DOCUMENT_FRAGMENT } from '@accord/contracts';
import { accordExtensions, type PassageBounds } from '@accord/editor';
import { Collaboration } from '@tiptap/extension-collaboration';
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CollaborationStatus } from '../editor/collaboration-status';
import { SessionClosedNotice } from '../editor/session-closed-notice';
import type { CollabSession } from '../editor/collab-session';
import type { LocalUser } from '../editor/local-user';
import { PRESENCE_TEXT_COLOR, readablePresenceColor } from '../editor/presence-colours';
import { PassageGuard } from './passage-guard';

interface AmendmentEditorProps {
  session: CollabSession;
  user: LocalUser;
  editable: boolean;
  /** The passage's bounds in the fork (the editor is set up with them once). */
  passageBounds: PassageBounds;
  contentLanguage: string | null;
}

/**
 * The amendment's own document in the same editor and over the same websocket as a
 * recommendation: presence, carets and saved state as there, with its passage highlighted and
 * the only place an author's edit may land.
 */
export function AmendmentEditor({ session, user, editable, passageBounds, contentLanguage }: AmendmentEditorProps) {
  const { t } = useTranslation();
  const [refused, setRefused] = useState(false);
  const initialUser = useRef(user);
  const editableRef = useRef(editable);
  editableRef.current = editable;
  const editor = useEditor(
    {
      editable,
      injectCSS: false,
      extensions: [
        // The trailing paragraph would land outside the passage: the guard would hold it back anyway.
        ...accordExtensions({ trailingParagraph: false }),
        Collaboration.configure({ document: session.doc, field: DOCUMENT_FRAGMENT }),
        CollaborationCaret.configure({ provider: session.provider, user: initialUser.current, render: renderCaret }),
        PassageGuard.configure({ doc: session.doc, bounds: passageBounds, onRefused: () => setRefused(true) }),
      ],
      editorProps: { attributes: () => attributes(t('amendments.editorTitle'), contentLanguage, editableRef.current) },
    },
    [session],
  );

  useEffect(() => {
    if (!editor.isDestroyed && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  return (
    <section className="amendment-editor" aria-labelledby="amendment-editor-title">
      <div className="editor-bar">
        <div className="editor-bar__inner">
          <h2 id="amendment-editor-title" className="amendment-section__title">{t('amendments.editorTitle')}</h2>
          <CollaborationStatus session={session} />
        </div>
      </div>
      {editable && <p className="amendment-editor__hint">{t('amendments.editorHint')}</p>}
      <SessionClosedNotice session={session} />
      {refused && (
        <p className="session-notice" role="status" data-testid="amendment-refused">{t('amendments.outsidePassage')}</p>
      )}
      <div className="document-frame">
        <EditorContent editor={editor} className="document" />
      </div>
    </section>
  );
}

function attributes(label: string, language: string | null, editable: boolean): Record<string, string> {
  return {
    class: 'document-body',
    'aria-label': label,
    'aria-multiline': 'true',
    'aria-readonly': editable ? 'false' : 'true',
    role: 'textbox',
    'data-testid': 'amendment-content',
    ...(language ? { lang: language } : {}),
  };
}

function renderCaret(user: Record<string, unknown>): HTMLElement {
  const name = typeof user.name === 'string' ? user.name : '';
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
