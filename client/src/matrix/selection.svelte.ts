import { tick } from 'svelte';
import { cellKey } from '../../../shared/schema.ts';
import { defineContext } from '../lib/context.ts';
import { KeyedState } from '../lib/keyed-state.svelte.ts';
import type { AxisItem } from '../../../shared/schema.ts';

/** The parties and issues in the order the grid shows them (the matrix view, or its filters). */
export interface ShownAxes {
  readonly parties: readonly AxisItem[];
  readonly issues: readonly AxisItem[];
}

/**
 * The grid's one focus position (roving tabindex) and whether the editor is open.
 * partyId null = the issue header row; issueId null = the party header column.
 */
export class GridSelection {
  partyId = $state.raw<string | null>(null);
  issueId = $state.raw<string | null>(null);
  editorOpen = $state.raw(false);
  /**
   * False until this person picks something in the grid (a click, or focus moving into it by Tab or
   * keys). Until then the selection is only where a keyboard user would land: not shown to others.
   */
  chosen = $state.raw(false);
  /** One flag per cell: exactly one is set, so moving repaints two cells, not the grid. */
  #flags = new KeyedState(false);
  #selectedKey: string | null = null;

  constructor(private readonly view: ShownAxes) {}

  /** Is this cell the selected one? A holder per cell (see KeyedState). */
  flag(key: string): { readonly value: boolean } {
    return this.#flags.at(key);
  }

  get isCell(): boolean {
    return this.partyId !== null && this.issueId !== null;
  }

  /** The data-nav key of the focusable element for this position. */
  get navKey(): string {
    return cellKey(this.partyId ?? '', this.issueId ?? '');
  }

  select(partyId: string | null, issueId: string | null): void {
    this.partyId = partyId;
    this.issueId = issueId;
    const key = partyId !== null && issueId !== null ? cellKey(partyId, issueId) : null;
    if (key === this.#selectedKey) return;
    if (this.#selectedKey !== null) this.#flags.set(this.#selectedKey, false);
    if (key !== null) this.#flags.set(key, true);
    this.#selectedKey = key;
  }

  /** Row -1 is the issue header row, column -1 the party column. */
  position(): { row: number; col: number } {
    return {
      row: this.partyId === null ? -1 : this.view.parties.findIndex((p) => p.id === this.partyId),
      col: this.issueId === null ? -1 : this.view.issues.findIndex((i) => i.id === this.issueId),
    };
  }

  moveTo(row: number, col: number): void {
    const { parties, issues } = this.view;
    const r = Math.max(-1, Math.min(row, parties.length - 1));
    const c = Math.max(-1, Math.min(col, issues.length - 1));
    if (r === -1 && c === -1) return; // the empty corner is not a stop
    this.select(r === -1 ? null : (parties[r]?.id ?? null), c === -1 ? null : (issues[c]?.id ?? null));
  }

  moveBy(dRow: number, dCol: number): void {
    const { row, col } = this.position();
    this.moveTo(row + dRow, col + dCol);
  }

  /** Keeps the selection on something that exists (after deletes, or when data first arrives). */
  repair(): void {
    const { parties, issues } = this.view;
    if (parties.length === 0 && issues.length === 0) return this.select(null, null);
    const partyOk = this.partyId === null ? issues.length > 0 : parties.some((p) => p.id === this.partyId);
    const issueOk = this.issueId === null ? parties.length > 0 : issues.some((i) => i.id === this.issueId);
    const unset = this.partyId === null && this.issueId === null;
    if (partyOk && issueOk && !unset) return;
    if (this.editorOpen && !(partyOk && issueOk)) this.editorOpen = false;
    if (parties.length > 0 && issues.length > 0) {
      this.select(
        partyOk && this.partyId !== null ? this.partyId : (parties[0]?.id ?? null),
        issueOk && this.issueId !== null ? this.issueId : (issues[0]?.id ?? null),
      );
    } else if (parties.length > 0) this.select(parties[0]?.id ?? null, null);
    else this.select(null, issues[0]?.id ?? null);
  }

  openEditor(partyId: string, issueId: string): void {
    this.chosen = true;
    this.select(partyId, issueId);
    this.editorOpen = true;
  }

  closeEditor(): void {
    this.editorOpen = false;
    void this.focus();
  }

  /** Moves DOM focus to the selected grid element once the DOM reflects the selection. */
  async focus(): Promise<void> {
    await tick();
    if (typeof document === 'undefined') return; // unit tests: no DOM to focus
    const el = document.querySelector<HTMLElement>(`[data-nav="${CSS.escape(this.navKey)}"]`);
    el?.focus();
  }
}

export const selectionContext = defineContext<GridSelection>('grid selection');
