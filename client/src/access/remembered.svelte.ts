import { ROLES, atLeast, isRole, isToken, type Role } from '../../../shared/access.ts';
import { isMatrixId } from '../../../shared/ids.ts';
import { defineContext } from '../lib/context.ts';

/** One link this browser has opened: enough to open the matrix again without the link. */
export interface RememberedMatrix {
  id: string;
  title: string;
  role: Role;
  token: string;
  /** ISO time of the last visit. */
  lastOpened: string;
  /** The lock state last seen, so a reload while offline offers the right controls. */
  locked?: boolean;
}

export const REMEMBERED_KEY = 'stance-grid:matrices';
/** The token this tab uses per matrix (sessionStorage), so a reload keeps the link it was opened with. */
const TAB_KEY = (id: string) => `stance-grid:tab-token:${id}`;

function valid(entry: unknown): entry is RememberedMatrix {
  const e = entry as Partial<RememberedMatrix> | null;
  return (
    !!e && typeof e.id === 'string' && isMatrixId(e.id) && isToken(e.token) && isRole(e.role) && typeof e.title === 'string' && typeof e.lastOpened === 'string'
  );
}

function load(): RememberedMatrix[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(REMEMBERED_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(valid) : [];
  } catch {
    return [];
  }
}

const rank = (role: Role) => ROLES.indexOf(role);

/**
 * The matrices this browser has links for (localStorage), one entry per matrix and role: a
 * facilitator who opens the viewer link to check it keeps the facilitator link. Other tabs'
 * changes arrive through the `storage` event.
 */
export class RememberedMatrices {
  entries = $state.raw<RememberedMatrix[]>(load());
  /** One row per matrix (its strongest link), most recently opened first, for the home page. */
  matrices = $derived.by(() => {
    const best = new Map<string, RememberedMatrix>();
    for (const e of this.entries) {
      const seen = best.get(e.id);
      if (!seen || rank(e.role) > rank(seen.role))
        best.set(e.id, { ...e, lastOpened: seen && seen.lastOpened > e.lastOpened ? seen.lastOpened : e.lastOpened });
    }
    return [...best.values()].sort((a, b) => (a.lastOpened < b.lastOpened ? 1 : a.lastOpened > b.lastOpened ? -1 : 0));
  });

  constructor() {
    window.addEventListener('storage', (event) => {
      if (event.key === REMEMBERED_KEY || event.key === null) this.entries = load();
    });
  }

  /** The strongest link remembered for a matrix, or undefined. */
  best(id: string): RememberedMatrix | undefined {
    return this.matrices.find((e) => e.id === id);
  }

  byToken(id: string, token: string): RememberedMatrix | undefined {
    return this.entries.find((e) => e.id === id && e.token === token);
  }

  /** The token to open `id` with when the address has none: this tab's, else the strongest remembered. */
  tokenFor(id: string): string | null {
    const tab = readTab(id);
    if (tab && (this.byToken(id, tab) || !this.best(id))) return tab;
    return this.best(id)?.token ?? null;
  }

  /** Records a link the server accepted, with the role it granted. Replaces that role's older link. */
  remember(entry: Omit<RememberedMatrix, 'lastOpened'> & { lastOpened?: string }): void {
    const next: RememberedMatrix = { ...entry, lastOpened: entry.lastOpened ?? new Date().toISOString() };
    this.#save([next, ...this.entries.filter((e) => !(e.id === next.id && (e.role === next.role || e.token === next.token)))]);
  }

  /** Updates the fields we learn while a matrix is open (title, lock) on every entry of that matrix. */
  update(id: string, patch: Partial<Pick<RememberedMatrix, 'title' | 'locked'>>): void {
    if (!this.entries.some((e) => e.id === id && Object.entries(patch).some(([k, v]) => e[k as keyof RememberedMatrix] !== v))) return;
    this.#save(this.entries.map((e) => (e.id === id ? { ...e, ...patch } : e)));
  }

  /** Drops one link (refused or replaced by the facilitator). */
  forgetToken(id: string, token: string): void {
    if (readTab(id) === token) writeTab(id, null);
    if (this.byToken(id, token)) this.#save(this.entries.filter((e) => !(e.id === id && e.token === token)));
  }

  /** Drops every link to a matrix (the home page's "Forget"). */
  forget(id: string): void {
    writeTab(id, null);
    this.#save(this.entries.filter((e) => e.id !== id));
  }

  /** Does this browser hold a link with at least this role? */
  has(id: string, role: Role = 'viewer'): boolean {
    return this.entries.some((e) => e.id === id && atLeast(e.role, role));
  }

  #save(entries: RememberedMatrix[]): void {
    this.entries = entries;
    try {
      localStorage.setItem(REMEMBERED_KEY, JSON.stringify(entries));
    } catch {
      // Storage blocked or full: remembered for this session only.
    }
  }
}

export function readTab(id: string): string | null {
  try {
    const token = sessionStorage.getItem(TAB_KEY(id));
    return isToken(token) ? token : null;
  } catch {
    return null;
  }
}

export function writeTab(id: string, token: string | null): void {
  try {
    if (token) sessionStorage.setItem(TAB_KEY(id), token);
    else sessionStorage.removeItem(TAB_KEY(id));
  } catch {
    // Without sessionStorage a reload falls back to the remembered list.
  }
}

export const rememberedContext = defineContext<RememberedMatrices>('remembered matrices');
