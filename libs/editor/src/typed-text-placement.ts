import type { Node } from '@tiptap/pm/model';
import * as Y from 'yjs';

/**
 * Writes text typed into one paragraph to Yjs where the caret put it, before y-tiptap's sync
 * writes the change (it then finds nothing left to write).
 *
 * Why: y-tiptap writes a text change as the shortest diff of the old and new paragraph, which
 * places an insertion as far right as the text allows. A space typed at the end of an amended
 * passage, just before a space, is then written after that space: outside the passage in the
 * Yjs order, and the server refuses the update (4406) although the author typed inside it.
 * Returns whether it wrote anything. Call it inside a Yjs transaction with the sync plugin's
 * origin, with `before` the document the sync plugin last wrote and `after` the new one.
 */
export function writeTypedTextAtCaret(fragment: Y.XmlFragment, before: Node, after: Node, caret: number): boolean {
  if (caret < 0 || caret > after.content.size) return false;
  const $caret = after.resolve(caret);
  const block = $caret.parent;
  if (!block.isTextblock || $caret.depth === 0) return false;
  // Only this block may differ between the two documents.
  const start = $caret.start();
  const blockEnd = start + block.content.size;
  const diffStart = before.content.findDiffStart(after.content);
  const diffEnd = before.content.findDiffEnd(after.content);
  if (diffStart === null || !diffEnd || diffStart < start || diffEnd.b > blockEnd) return false;
  const previous = blockAtPath(before, $caret, $caret.depth);
  if (!previous || !previous.isTextblock || previous.type !== block.type) return false;

  const text = yTextOf(fragment, $caret);
  if (!text) return false;
  const oldText = plainText(text);
  const newText = block.textContent;
  if (oldText === null || oldText !== previous.textContent || !onlyText(block) || !onlyText(previous)) return false;
  const typed = newText.length - oldText.length;
  const end = caret - start;
  const at = end - typed;
  if (typed <= 0 || at < 0) return false;
  const inserted = newText.slice(at, end);
  if (oldText.slice(0, at) + inserted + oldText.slice(at) !== newText) return false;
  // The shortest diff agrees with the caret: nothing to steer.
  if (commonPrefix(oldText, newText) <= at) return false;
  text.insert(at, inserted);
  return true;
}

/** The node at `depth` along the path of `$pos`, in another document of the same shape. */
function blockAtPath(doc: Node, $pos: ReturnType<Node['resolve']>, depth: number): Node | null {
  let node: Node = doc;
  for (let level = 0; level < depth; level++) {
    const index = $pos.index(level);
    if (index >= node.childCount) return null;
    node = node.child(index);
  }
  return node;
}

/** The one Y.XmlText of the paragraph at the caret (y-tiptap maps each node to one Yjs element), or null. */
function yTextOf(fragment: Y.XmlFragment, $caret: ReturnType<Node['resolve']>): Y.XmlText | null {
  let type: Y.XmlFragment | Y.XmlElement = fragment;
  for (let level = 0; level < $caret.depth; level++) {
    const child: unknown = type.get($caret.index(level));
    if (!(child instanceof Y.XmlElement)) return null;
    type = child;
  }
  if (type.length !== 1) return null;
  const text: unknown = type.get(0);
  return text instanceof Y.XmlText ? text : null;
}

function plainText(text: Y.XmlText): string | null {
  let result = '';
  for (const op of text.toDelta() as { insert: unknown }[]) {
    if (typeof op.insert !== 'string') return null;
    result += op.insert;
  }
  return result;
}

function onlyText(block: Node): boolean {
  let only = true;
  block.forEach((child) => {
    if (!child.isText) only = false;
  });
  return only;
}

function commonPrefix(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return length;
}
