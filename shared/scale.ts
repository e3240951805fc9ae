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
  { id: 'opposes', label: 'Opposes', symbol: '−2', value: -2, color: '#d6604d', textColor: '#ffffff', order: 1, description: 'Argues against it' },
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
  { id: 'supports', label: 'Supports', symbol: '+2', value: 2, color: '#4393c3', textColor: '#ffffff', order: 5, description: 'Backs it publicly' },
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
    textColor: '#ffffff',
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
