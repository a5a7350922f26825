import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { type FieldProblem, ValidationFailedException } from './validation-failed.exception';

/** Deeper than any request the API takes (a comment body is eight levels); class-transformer recurses per level. */
export const MAX_INPUT_DEPTH = 32;

/** NUL, and half of a surrogate pair: PostgreSQL refuses both in text and jsonb, which would answer 500. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The first step for every body, query and route parameter, before ValidationPipe: refuses
 * text PostgreSQL cannot store and nesting deep enough to overflow the stack of the recursive
 * steps after it (class-transformer, JSON.stringify). Walks without recursion, so any input
 * the JSON parser accepted gets an answer.
 */
@Injectable()
export class StorableInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const problem = findProblem(value, metadata.type === 'param' && metadata.data ? metadata.data : '');
    if (problem) throw new ValidationFailedException([problem]);
    return value;
  }
}

function findProblem(root: unknown, rootField: string): FieldProblem | null {
  const pending: { value: unknown; depth: number; field: string }[] = [{ value: root, depth: 0, field: rootField }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, depth, field } = next;
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) return { field: field || 'request', key: 'server.validation.unstorableText', params: { field: field || 'request' } };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_INPUT_DEPTH) return { field: field || 'request', key: 'server.validation.tooDeep', params: { field: field || 'request', levels: MAX_INPUT_DEPTH } };
    const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, index) => [`[${index}]`, item]) : Object.entries(value);
    for (const [key, item] of entries) {
      if (!Array.isArray(value) && UNSTORABLE.test(key)) return { field: field || 'request', key: 'server.validation.unstorableText', params: { field: field || 'request' } };
      const child = Array.isArray(value) ? `${field}${key}` : field ? `${field}.${key}` : key;
      // Paths of deep input stay short in the answer: the field a person filled in is enough.
      pending.push({ value: item, depth: depth + 1, field: depth < 4 ? child : field });
    }
  }
  return null;
}
