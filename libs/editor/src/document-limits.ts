import { accordSchema } from './accord-extensions';

/**
 * The deepest nesting of block nodes a recommendation may have (a list in a list in a quote...).
 * Converting a Yjs document to TipTap JSON recurses once per level, so an unbounded depth can
 * overflow the stack; 64 is far beyond anything the editor's toolbar produces.
 */
export const MAX_NESTING_DEPTH = 64;

/** Whether `name` is a block or inline node the Accord schema can hold inside a document. */
export function isAccordNodeName(name: string): boolean {
  return name !== accordSchema.topNodeType.name && name !== 'text' && Object.prototype.hasOwnProperty.call(accordSchema.nodes, name);
}
