import { describe, expect, it } from 'vitest';
import { PRESENCE_COLOURS, presenceColourFor } from './presence';

/** WCAG 2.x relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((start) => {
    const channel = parseInt(hex.slice(start, start + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrastWithWhite(hex: string): number {
  return (1 + 0.05) / (luminance(hex) + 0.05);
}

describe('presence colours', () => {
  it.each(PRESENCE_COLOURS)('%s carries white caret-label text at 4.5:1 or more', (colour) => {
    expect(colour).toMatch(/^#[0-9a-f]{6}$/);
    expect(contrastWithWhite(colour)).toBeGreaterThanOrEqual(4.5);
  });

  it('measures contrast the WCAG way (black on white is 21:1, white on white 1:1)', () => {
    expect(contrastWithWhite('#000000')).toBeCloseTo(21, 5);
    expect(contrastWithWhite('#ffffff')).toBeCloseTo(1, 5);
  });

  it('gives a member the same colour every time, from the palette, and spreads members over it', () => {
    const ids = Array.from({ length: 200 }, (_, index) => `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`);
    for (const id of ids) {
      expect(PRESENCE_COLOURS).toContain(presenceColourFor(id));
      expect(presenceColourFor(id)).toBe(presenceColourFor(id));
    }
    expect(new Set(ids.map(presenceColourFor)).size).toBe(PRESENCE_COLOURS.length);
  });
});
