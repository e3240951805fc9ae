import type { AxisKind } from '../../../shared/schema.ts';
import { defineContext } from '../lib/context.ts';

export interface AxisRef {
  kind: AxisKind;
  id: string;
}

/** UI state of party/issue header actions: which menu, rename, dialog or drag is active. */
export class AxisActions {
  menu = $state.raw<(AxisRef & { x: number; y: number }) | null>(null);
  renaming = $state.raw<AxisRef | null>(null);
  describing = $state.raw<AxisRef | null>(null);
  deleting = $state.raw<AxisRef | null>(null);
  dragging = $state.raw<AxisRef | null>(null);
  /** Where a drop would land: an index in the current list (0..length). */
  dropTarget = $state.raw<{ kind: AxisKind; index: number } | null>(null);

  is(ref: AxisRef | null, kind: AxisKind, id: string): boolean {
    return ref !== null && ref.kind === kind && ref.id === id;
  }
}

export const axisActionsContext = defineContext<AxisActions>('axis actions');

export const KIND_WORDS = {
  parties: { one: 'party', One: 'Party', before: 'up', after: 'down' },
  issues: { one: 'issue', One: 'Issue', before: 'left', after: 'right' },
} as const;
