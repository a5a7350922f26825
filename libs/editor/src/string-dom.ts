/**
 * Just enough of the DOM for ProseMirror's DOMSerializer to render a document to an HTML string
 * without a browser. Exports need HTML on the server; a full DOM emulation (happy-dom, jsdom)
 * would be a heavy dependency for what is a one-way string build.
 * Serialisation follows the HTML spec's fragment serialisation, with raw-text elements escaped too.
 */

const VOID_ELEMENTS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
]);

// Names come from extension code, not from documents; the check is a guard against a bad extension.
const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const DOCUMENT_FRAGMENT_NODE = 11;

export function escapeHtmlText(text: string): string {
  return text.replace(/[&<>\u00a0]/g, (character) => TEXT_ENTITIES[character] ?? character);
}

export function escapeHtmlAttribute(value: string): string {
  return value.replace(/[&"<>\u00a0]/g, (character) => ATTRIBUTE_ENTITIES[character] ?? character);
}

const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\u00a0': '&nbsp;' };
const ATTRIBUTE_ENTITIES: Record<string, string> = { ...TEXT_ENTITIES, '"': '&quot;' };

type StringNode = StringText | StringElement | StringFragment;

export class StringText {
  readonly nodeType = TEXT_NODE;
  constructor(readonly text: string) {}

  toHtml(): string {
    return escapeHtmlText(this.text);
  }
}

abstract class StringParent {
  readonly children: StringNode[] = [];

  appendChild<T extends StringNode>(child: T): T {
    this.children.push(child);
    return child;
  }

  get innerHTML(): string {
    return this.children.map((child) => child.toHtml()).join('');
  }
}

export class StringFragment extends StringParent {
  readonly nodeType = DOCUMENT_FRAGMENT_NODE;

  toHtml(): string {
    return this.innerHTML;
  }
}

export class StringElement extends StringParent {
  readonly nodeType = ELEMENT_NODE;
  private readonly attributes = new Map<string, string>();

  constructor(readonly tagName: string) {
    super();
    if (!VALID_NAME.test(tagName)) throw new RangeError(`Invalid element name: ${tagName}`);
  }

  setAttribute(name: string, value: unknown): void {
    if (!VALID_NAME.test(name)) throw new RangeError(`Invalid attribute name: ${name}`);
    this.attributes.set(name, String(value));
  }

  setAttributeNS(_namespace: string | null, name: string, value: unknown): void {
    this.setAttribute(name, value);
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }

  toHtml(): string {
    const attributes = [...this.attributes]
      .map(([name, value]) => ` ${name}="${escapeHtmlAttribute(value)}"`)
      .join('');
    const open = `<${this.tagName}${attributes}>`;
    if (VOID_ELEMENTS.has(this.tagName.toLowerCase())) return open;
    return `${open}${this.innerHTML}</${this.tagName}>`;
  }
}

export class StringDocument {
  createElement(tagName: string): StringElement {
    return new StringElement(tagName);
  }

  createElementNS(_namespace: string | null, tagName: string): StringElement {
    return new StringElement(tagName);
  }

  createTextNode(text: string): StringText {
    return new StringText(text);
  }

  createDocumentFragment(): StringFragment {
    return new StringFragment();
  }
}
