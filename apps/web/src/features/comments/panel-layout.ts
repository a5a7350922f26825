/** Wide enough for the text and the comments panel side by side (comments.css uses the same width): cards then sit level with their passages. */
export const SIDE_BY_SIDE = '(min-width: 1100px)';
