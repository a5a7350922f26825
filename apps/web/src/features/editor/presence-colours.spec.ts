import { describe, expect, it } from 'vitest';
import { PRESENCE_COLOURS } from '@accord/contracts';
import { contrastRatio, FALLBACK_PRESENCE_COLOR, MIN_TEXT_CONTRAST, PRESENCE_TEXT_COLOR, readablePresenceColor } from './presence-colours';

describe('presence colours under white text', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    // The grey that famously sits just under AA: 4.48:1.
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  // The palette the server stamps presence with, and the web's fallback for anything else.
  it.each([...PRESENCE_COLOURS, FALLBACK_PRESENCE_COLOR])('%s has at least 4.5:1 against white', (color) => {
    expect(contrastRatio(color, PRESENCE_TEXT_COLOR)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });

  it('replaces a colour a peer sends when white text on it would be unreadable', () => {
    expect(readablePresenceColor('#ffeb3b')).toBe(FALLBACK_PRESENCE_COLOR);
    expect(readablePresenceColor('#12b76a')).toBe(FALLBACK_PRESENCE_COLOR);
    expect(readablePresenceColor('red')).toBe(FALLBACK_PRESENCE_COLOR);
    expect(readablePresenceColor(undefined)).toBe(FALLBACK_PRESENCE_COLOR);
    expect(readablePresenceColor('#175cd3')).toBe('#175cd3');
  });

  it('keeps every colour the server stamps', () => {
    for (const color of PRESENCE_COLOURS) expect(readablePresenceColor(color)).toBe(color);
  });
});
