import { canEdit, type AccessMessage, type Role } from '../../../shared/access.ts';

export const ROLE_LABELS: Record<Role, string> = { viewer: 'Viewer', editor: 'Editor', facilitator: 'Facilitator' };

/** What each role may do, in the words the Share panel and badges use. */
export const ROLE_HELP: Record<Role, string> = {
  facilitator: 'Full control: edit, lock the matrix, see and replace these links. Keep it to yourself.',
  editor: 'Can edit stances, sources, parties and issues, comment and take snapshots.',
  viewer: 'Can read, follow live and export. Cannot change anything or comment.',
};

/**
 * This browser's rights on the open matrix, as the server last said (MessageType.access).
 * Until the server has spoken, the page follows the role remembered from the last visit
 * (so an editor can keep working offline); with nothing remembered it is read-only: it never
 * offers an edit the server would drop. MatrixStore owns one (`store.access`).
 */
export class Access {
  /** The token this page connects with (from the link or the remembered list), or null. */
  token = $state.raw<string | null>(null);
  role = $state.raw<Role>('viewer');
  locked = $state.raw(false);
  /** Has the server told us our role yet (on this connection or an earlier one of this page)? */
  known = $state.raw(false);
  /** A role remembered from an earlier visit, used until the server speaks. */
  assumed = $state.raw(false);
  canEdit = $derived((this.known || this.assumed) && canEdit(this.role, this.locked));
  isFacilitator = $derived((this.known || this.assumed) && this.role === 'facilitator');
  /** Editor or facilitator: may take snapshots and restore them (lock does not change that). */
  isEditorPlus = $derived((this.known || this.assumed) && this.role !== 'viewer');

  constructor(token: string | null = null, remembered?: { role: Role; locked?: boolean }) {
    this.token = token;
    if (remembered) {
      this.role = remembered.role;
      this.locked = remembered.locked ?? false;
      this.assumed = true;
    }
  }

  apply(message: AccessMessage): void {
    this.role = message.role;
    this.locked = message.locked;
    this.known = true;
  }
}
