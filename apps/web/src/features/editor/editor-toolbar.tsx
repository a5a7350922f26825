import { useEditorState, type Editor } from '@tiptap/react';
import { useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { HEADING_LEVELS } from '@accord/editor';
import {
  AddColumnIcon, AddRowIcon, BulletListIcon, CommentIcon, DeleteTableIcon, LinkIcon, OrderedListIcon, QuoteIcon, TableIcon,
} from '../../components/toolbar-icons';
import { useTranslation } from 'react-i18next';
import { START_THREAD_KEYS } from '../comments/comment-shortcuts';
import { TABLE_AND_LINK_KEYS } from './toolbar-shortcuts';

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = IS_MAC ? '⌘' : 'Ctrl';
const MOD_KEY = IS_MAC ? 'Meta' : 'Control';

/** A shortcut as written in the hint ("Ctrl+Alt+1") and as aria-keyshortcuts wants it ("Control+Alt+1"). */
export function shortcutOf(keys: string): { hint: string; aria: string } {
  return { hint: keys.replaceAll('Mod', MOD), aria: keys.replaceAll('Mod', MOD_KEY) };
}

/**
 * The formatting toolbar: one tab stop (roving tabindex); arrow keys, Home and End move between
 * its buttons, Escape goes back to the text. `containerRef` lets the editor send focus here.
 */
export function EditorToolbar({ editor, containerRef, onComment }: { editor: Editor; containerRef: RefObject<HTMLDivElement | null>; onComment?: () => void }) {
  const { t } = useTranslation();
  const [linkFormOpen, setLinkFormOpen] = useState(false);
  const [tabStop, setTabStop] = useState('bold');
  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current.isActive('bold'),
      italic: current.isActive('italic'),
      heading1: current.isActive('heading', { level: 1 }),
      heading2: current.isActive('heading', { level: 2 }),
      heading3: current.isActive('heading', { level: 3 }),
      bulletList: current.isActive('bulletList'),
      orderedList: current.isActive('orderedList'),
      blockquote: current.isActive('blockquote'),
      link: current.isActive('link'),
      inTable: current.isActive('table'),
      canAddRow: current.can().addRowAfter(),
      canAddColumn: current.can().addColumnAfter(),
      canDeleteTable: current.can().deleteTable(),
    }),
  });
  const headingActive = [active.heading1, active.heading2, active.heading3];
  const tip = (label: string, keys: string): string => t('toolbar.shortcut', { label, keys: shortcutOf(keys).hint });
  const disabled: Record<string, boolean> = {
    'insert-table': active.inTable,
    'add-row': !active.canAddRow,
    'add-column': !active.canAddColumn,
    'delete-table': !active.canDeleteTable,
  };
  // A disabled button cannot take focus: the tab stop then falls back to the first button.
  const stop = disabled[tabStop] ? 'bold' : tabStop;
  const roving = (command: string) => ({ tabIndex: command === stop ? 0 : -1, onFocus: () => setTabStop(command) });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const target = event.target;
    if (!(target instanceof HTMLButtonElement) || !target.classList.contains('toolbar__button')) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      editor.commands.focus();
      return;
    }
    const buttons = Array.from(event.currentTarget.querySelectorAll<HTMLButtonElement>('.toolbar__button:not(:disabled)'));
    const index = buttons.indexOf(target);
    const last = buttons.length - 1;
    const next = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    buttons[next]?.focus();
  };

  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbar.label')} data-testid="editor-toolbar" ref={containerRef} onKeyDown={onKeyDown}>
      <div className="toolbar__group">
        <ToolbarButton label={t('toolbar.bold')} title={tip(t('toolbar.bold'), 'Mod+B')} pressed={active.bold}
          onClick={() => editor.chain().focus().toggleBold().run()} command="bold" keys="Mod+B" {...roving('bold')}>
          <span className="toolbar__glyph toolbar__glyph--bold" aria-hidden="true">B</span>
        </ToolbarButton>
        <ToolbarButton label={t('toolbar.italic')} title={tip(t('toolbar.italic'), 'Mod+I')} pressed={active.italic}
          onClick={() => editor.chain().focus().toggleItalic().run()} command="italic" keys="Mod+I" {...roving('italic')}>
          <span className="toolbar__glyph toolbar__glyph--italic" aria-hidden="true">I</span>
        </ToolbarButton>
      </div>
      <div className="toolbar__group">
        {HEADING_LEVELS.map((level, index) => (
          <ToolbarButton key={level} label={t('toolbar.heading', { level })} title={tip(t('toolbar.heading', { level }), `Mod+Alt+${level}`)}
            pressed={headingActive[index] ?? false} command={`heading-${level}`} keys={`Mod+Alt+${level}`} {...roving(`heading-${level}`)}
            onClick={() => editor.chain().focus().toggleHeading({ level }).run()}>
            <span className="toolbar__glyph" aria-hidden="true">H{level}</span>
          </ToolbarButton>
        ))}
      </div>
      <div className="toolbar__group">
        <ToolbarButton label={t('toolbar.bulletList')} title={tip(t('toolbar.bulletList'), 'Mod+Shift+8')} pressed={active.bulletList}
          onClick={() => editor.chain().focus().toggleBulletList().run()} command="bullet-list" keys="Mod+Shift+8" {...roving('bullet-list')}>
          <BulletListIcon />
        </ToolbarButton>
        <ToolbarButton label={t('toolbar.orderedList')} title={tip(t('toolbar.orderedList'), 'Mod+Shift+7')} pressed={active.orderedList}
          onClick={() => editor.chain().focus().toggleOrderedList().run()} command="ordered-list" keys="Mod+Shift+7" {...roving('ordered-list')}>
          <OrderedListIcon />
        </ToolbarButton>
        <ToolbarButton label={t('toolbar.blockquote')} title={tip(t('toolbar.blockquote'), 'Mod+Shift+B')} pressed={active.blockquote}
          onClick={() => editor.chain().focus().toggleBlockquote().run()} command="blockquote" keys="Mod+Shift+B" {...roving('blockquote')}>
          <QuoteIcon />
        </ToolbarButton>
        <div className="toolbar__popover-anchor">
          <ToolbarButton label={t('toolbar.link')} title={tip(t('toolbar.link'), TABLE_AND_LINK_KEYS.link)} pressed={active.link} expanded={linkFormOpen}
            onClick={() => setLinkFormOpen((open) => !open)} command="link" keys={TABLE_AND_LINK_KEYS.link} {...roving('link')}>
            <LinkIcon />
          </ToolbarButton>
          {linkFormOpen && <LinkForm editor={editor} onClose={() => setLinkFormOpen(false)} />}
        </div>
      </div>
      <div className="toolbar__group" role="group" aria-label={t('toolbar.tableGroup')}>
        <ToolbarButton label={t('toolbar.insertTable')} title={tip(t('toolbar.insertTable'), TABLE_AND_LINK_KEYS.insertTable)} disabled={active.inTable} command="insert-table"
          keys={TABLE_AND_LINK_KEYS.insertTable} {...roving('insert-table')}
          onClick={() => editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()}>
          <TableIcon />
        </ToolbarButton>
        <ToolbarButton label={t('toolbar.addRow')} title={tip(t('toolbar.addRow'), TABLE_AND_LINK_KEYS.addRow)} disabled={!active.canAddRow} command="add-row"
          keys={TABLE_AND_LINK_KEYS.addRow} {...roving('add-row')}
          onClick={() => editor.chain().focus().addRowAfter().run()}>
          <AddRowIcon />
        </ToolbarButton>
        <ToolbarButton label={t('toolbar.addColumn')} title={tip(t('toolbar.addColumn'), TABLE_AND_LINK_KEYS.addColumn)} disabled={!active.canAddColumn} command="add-column"
          keys={TABLE_AND_LINK_KEYS.addColumn} {...roving('add-column')}
          onClick={() => editor.chain().focus().addColumnAfter().run()}>
          <AddColumnIcon />
        </ToolbarButton>
        <ToolbarButton label={t('toolbar.deleteTable')} title={tip(t('toolbar.deleteTable'), TABLE_AND_LINK_KEYS.deleteTable)} disabled={!active.canDeleteTable} command="delete-table"
          keys={TABLE_AND_LINK_KEYS.deleteTable} {...roving('delete-table')}
          onClick={() => editor.chain().focus().deleteTable().run()}>
          <DeleteTableIcon />
        </ToolbarButton>
      </div>
      {onComment && (
        <div className="toolbar__group">
          <ToolbarButton label={t('comments.startThread')} title={tip(t('comments.startThread'), START_THREAD_KEYS)} command="comment"
            keys={START_THREAD_KEYS} {...roving('comment')} onClick={onComment}>
            <CommentIcon />
          </ToolbarButton>
        </div>
      )}
    </div>
  );
}

/**
 * The toolbar of a read-only editor: only the comment button, since commenting needs no write.
 * A toolbar of one button is still one tab stop with its shortcut announced.
 */
export function CommentOnlyToolbar({ onComment }: { onComment: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbar.label')} data-testid="comment-toolbar">
      <ToolbarButton label={t('comments.startThread')} title={t('toolbar.shortcut', { label: t('comments.startThread'), keys: shortcutOf(START_THREAD_KEYS).hint })}
        command="comment" keys={START_THREAD_KEYS} tabIndex={0} onFocus={() => undefined} onClick={onComment}>
        <CommentIcon />
      </ToolbarButton>
    </div>
  );
}

interface ToolbarButtonProps {
  label: string;
  title: string;
  command: string;
  /** The keyboard shortcut, "Mod" for Ctrl (⌘ on a Mac); announced through aria-keyshortcuts. */
  keys: string;
  tabIndex: number;
  onFocus: () => void;
  onClick: () => void;
  children: ReactNode;
  pressed?: boolean;
  expanded?: boolean;
  disabled?: boolean;
}

function ToolbarButton({ label, title, command, keys, tabIndex, onFocus, onClick, children, pressed, expanded, disabled }: ToolbarButtonProps) {
  return (
    <button
      type="button"
      className="toolbar__button"
      aria-label={label}
      aria-keyshortcuts={shortcutOf(keys).aria}
      title={title}
      tabIndex={tabIndex}
      onFocus={onFocus}
      aria-pressed={pressed}
      aria-expanded={expanded}
      disabled={disabled}
      data-command={command}
      // Keeps the editor's selection: a click on the toolbar must not move focus before the command runs.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

export function LinkForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const { t } = useTranslation();
  const inputId = useId();
  const errorId = useId();
  const current = editor.getAttributes('link').href;
  const [href, setHref] = useState(typeof current === 'string' ? current : '');
  const [invalid, setInvalid] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const close = (): void => {
    onClose();
    editor.commands.focus();
  };

  const apply = (event: FormEvent): void => {
    event.preventDefault();
    const url = withScheme(href.trim());
    if (!url) {
      setInvalid(true);
      inputRef.current?.focus();
      return;
    }
    const chain = editor.chain().focus().extendMarkRange('link');
    if (editor.state.selection.empty && !editor.isActive('link')) {
      chain.insertContent({ type: 'text', text: url, marks: [{ type: 'link', attrs: { href: url } }] }).run();
    } else {
      chain.setLink({ href: url }).run();
    }
    onClose();
  };

  const remove = (): void => {
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
    onClose();
  };

  return (
    <form className="link-form" onSubmit={apply} onKeyDown={(event) => event.key === 'Escape' && close()} data-testid="link-form">
      <label htmlFor={inputId} className="link-form__label">{t('toolbar.linkAddress')}</label>
      <input
        ref={inputRef}
        id={inputId}
        className="input"
        type="text"
        inputMode="url"
        autoComplete="url"
        placeholder="https://"
        value={href}
        autoFocus
        aria-invalid={invalid}
        aria-describedby={invalid ? errorId : undefined}
        onChange={(event) => {
          setHref(event.target.value);
          setInvalid(false);
        }}
      />
      {invalid && <p id={errorId} className="link-form__error">{t('toolbar.linkInvalid')}</p>}
      <div className="link-form__actions">
        {editor.isActive('link') && (
          <button type="button" className="button button--quiet" onClick={remove}>{t('toolbar.linkRemove')}</button>
        )}
        <button type="button" className="button button--quiet" onClick={close}>{t('toolbar.linkCancel')}</button>
        <button type="submit" className="button button--primary">{t('toolbar.linkApply')}</button>
      </div>
    </form>
  );
}

/** "example.org" becomes "https://example.org"; anything that is not http(s) or mailto is refused. */
function withScheme(input: string): string | null {
  if (!input) return null;
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(input) ? input : `https://${input}`;
  try {
    const url = new URL(candidate);
    if (!['http:', 'https:', 'mailto:'].includes(url.protocol)) return null;
    if (url.protocol !== 'mailto:' && !url.hostname.includes('.')) return null;
    return url.href;
  } catch {
    return null;
  }
}
