/**
 * The default stance scale: an ordinal scale from firm opposition to firm support with an
 * ambiguous middle (as in actor–issue / stakeholder analysis), plus two states a number
 * cannot express. Colours are a diverging red–blue ramp (ColorBrewer RdBu, safe for the
 * common colour-vision deficiencies) with a purple "conditional" and an outlined "no public
 * position"; every level also has a text symbol, so colour is never the only cue.
 */
export interface StanceLevel {
  /** Stable id, stored in cells. [a-z0-9-]+ */
  id: string;
  label: string;
  /** Short text shown in narrow cells, e.g. "+2". Never colour alone. */
  symbol: string;
  /** Ordinal value, or null for states outside the ordinal scale. */
  value: number | null;
  /** Background colour (hex). */
  color: string;
  /** Text colour that reads on `color` (hex). */
  textColor: string;
  /** Position in the legend. */
  order: number;
  /** One-line meaning, shown in the legend tooltip and the editor. */
  description: string;
}

export const DEFAULT_SCALE: readonly StanceLevel[] = [
  { id: 'rejects', label: 'Rejects', symbol: '−3', value: -3, color: '#b2182b', textColor: '#ffffff', order: 0, description: 'Firm, public refusal' },
  { id: 'opposes', label: 'Opposes', symbol: '−2', value: -2, color: '#d6604d', textColor: '#1a1a1a', order: 1, description: 'Argues against it' },
  {
    id: 'sceptical',
    label: 'Sceptical',
    symbol: '−1',
    value: -1,
    color: '#f4a582',
    textColor: '#1a1a1a',
    order: 2,
    description: 'Doubts or stalls, without refusing',
  },
  {
    id: 'ambiguous',
    label: 'Ambiguous',
    symbol: '0',
    value: 0,
    color: '#e6e6e6',
    textColor: '#1a1a1a',
    order: 3,
    description: 'Mixed or non-committal signals',
  },
  { id: 'open', label: 'Open to', symbol: '+1', value: 1, color: '#92c5de', textColor: '#1a1a1a', order: 4, description: 'Willing to consider it' },
  { id: 'supports', label: 'Supports', symbol: '+2', value: 2, color: '#4393c3', textColor: '#1a1a1a', order: 5, description: 'Backs it publicly' },
  {
    id: 'demands',
    label: 'Demands / Proposes',
    symbol: '+3',
    value: 3,
    color: '#2166ac',
    textColor: '#ffffff',
    order: 6,
    description: 'Initiates, proposes or insists on it',
  },
  {
    id: 'conditional',
    label: 'Conditional',
    symbol: 'C',
    value: null,
    color: '#9970ab',
    textColor: '#000000',
    order: 7,
    description: 'Accepts only if stated conditions are met',
  },
  {
    id: 'no-position',
    label: 'No public position',
    symbol: '∅',
    value: null,
    color: '#ffffff',
    textColor: '#4d4d4d',
    order: 8,
    description: 'Declines to state a position',
  },
];

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** WCAG AA for normal text. */
export const MIN_TEXT_CONTRAST = 4.5;

/**
 * The scale's text colour when it reads on `background` at AA, else the darkest or lightest
 * text that does: matrices made before the scale was fixed (white on the "+2" blue, 3.4:1)
 * keep their stored colours and still read on a projector.
 */
export function readableText(background: string, preferred: string): string {
  if (contrastRatio(background, preferred) >= MIN_TEXT_CONTRAST) return preferred;
  const candidates = ['#1a1a1a', '#ffffff', '#000000'];
  return candidates.find((c) => contrastRatio(background, c) >= MIN_TEXT_CONTRAST) ?? '#000000';
}
