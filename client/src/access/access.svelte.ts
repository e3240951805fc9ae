import { canEdit, type Role } from '../../../shared/access.ts';

/**
 * This browser's rights on the open matrix, as the server last said (MessageType.access).
 * Until the server has spoken, the page is read-only: it never offers an edit the server
 * would drop. MatrixStore owns one (`store.access`).
 */
export class Access {
  /** The token this page connects with (from the link or the remembered list), or null. */
  token = $state.raw<string | null>(null);
  role = $state.raw<Role>('viewer');
  locked = $state.raw(false);
  /** Has the server told us our role yet? */
  known = $state.raw(false);
  canEdit = $derived(this.known && canEdit(this.role, this.locked));
  isFacilitator = $derived(this.known && this.role === 'facilitator');
}
