/**
 * Presence colours (PRESENCE_COLOURS in libs/contracts, which the server stamps) carry white text
 * (avatar initials, caret name labels), so each must reach the WCAG AA text contrast of 4.5:1
 * against white. Anything else a state carries is replaced, not trusted.
 */
export const MIN_TEXT_CONTRAST = 4.5;

export const PRESENCE_TEXT_COLOR = '#ffffff';

/** Shown for a peer whose colour is missing, malformed or too light for white text (7.7:1). */
export const FALLBACK_PRESENCE_COLOR = '#475467';

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/** WCAG 2.1 relative luminance of a #rrggbb colour. */
export function relativeLuminance(hex: string): number {
  if (!HEX_COLOR.test(hex)) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  const channel = (offset: number): number => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The WCAG contrast ratio of two #rrggbb colours, from 1 to 21. */
export function contrastRatio(first: string, second: string): number {
  const [lighter, darker] = [relativeLuminance(first), relativeLuminance(second)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/** The colour if white text on it is readable, else the fallback. */
export function readablePresenceColor(color: unknown): string {
  if (typeof color !== 'string' || !HEX_COLOR.test(color)) return FALLBACK_PRESENCE_COLOR;
  return contrastRatio(color, PRESENCE_TEXT_COLOR) >= MIN_TEXT_CONTRAST ? color : FALLBACK_PRESENCE_COLOR;
}
