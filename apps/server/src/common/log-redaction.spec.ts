import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACTED_LOG_PATHS, redactQuery, redactUrl } from './log-redaction';

describe('redactUrl', () => {
  it('replaces the value of every credential-like query parameter and keeps the rest', () => {
    expect(redactUrl('/collab/abc?token=s3cr3t&x=1')).toBe('/collab/abc?token=[redacted]&x=1');
    expect(redactUrl('/a?access_token=1&csrf=2&api%5Fkey=3&page=4#frag')).toBe('/a?access_token=[redacted]&csrf=[redacted]&api%5Fkey=[redacted]&page=4#frag');
    expect(redactUrl('/plain/path')).toBe('/plain/path');
    expect(redactUrl('/odd?%ZZ=1&token')).toBe('/odd?%ZZ=1&token');
  });

  it('redacts a parsed query the same way', () => {
    expect(redactQuery({ token: 'x', page: '2' })).toEqual({ token: '[redacted]', page: '2' });
  });

  it('keeps the bound values of a failed query out of the log', () => {
    const lines: string[] = [];
    const logger = pino({ redact: REDACTED_LOG_PATHS }, { write: (line: string) => void lines.push(line) });
    const failure = Object.assign(new Error('duplicate key value'), { query: 'INSERT INTO auth_session VALUES ($1, $2)', parameters: ['session-hash-123', 'member-1'] });
    logger.error({ err: failure }, 'Query failed');
    expect(lines.join('')).not.toContain('session-hash-123');
    expect(lines.join('')).toContain('INSERT INTO auth_session');
  });
});
