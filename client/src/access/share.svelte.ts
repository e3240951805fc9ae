import { ROLES, shareUrl, type Role, type ShareTokens } from '../../../shared/access.ts';
import { defineContext } from '../lib/context.ts';
import { userMessage } from '../lib/errors.ts';
import type { MatrixStore } from '../matrix/matrix-store.svelte.ts';
import { getLinks, rotateLink } from './access-api.ts';

export type ParticipantRole = Exclude<Role, 'facilitator'>;

/** The facilitator's Share panel: the three links (GET /links), replacing one, the QR choice. */
export class ShareState {
  open = $state.raw(false);
  tokens = $state.raw<ShareTokens | null>(null);
  error = $state.raw<string | null>(null);
  /** The role whose link is being replaced, or null. */
  replacing = $state.raw<Role | null>(null);
  /** Whose link the QR code shows: the editor link by default. */
  qrRole = $state.raw<ParticipantRole>('editor');
  links = $derived.by(() => {
    const { tokens } = this;
    if (!tokens) return null;
    return Object.fromEntries(ROLES.map((role) => [role, shareUrl(location.origin, this.store.id, tokens[role])])) as Record<Role, string>;
  });

  constructor(private readonly store: MatrixStore) {}

  show(): void {
    this.open = true;
    void this.load();
  }

  async load(): Promise<void> {
    const token = this.store.access.token;
    if (!token) return;
    this.error = null;
    try {
      this.tokens = await getLinks(this.store.id, token);
    } catch (err) {
      this.error = userMessage(err, 'Could not load the links.');
    }
  }

  /** Replaces one role's link. Replacing one's own (facilitator) link moves this page to the new one. */
  async replace(role: Role): Promise<void> {
    const { store } = this;
    const token = store.access.token;
    if (!token) return;
    const own = role === store.access.role;
    this.replacing = role;
    this.error = null;
    if (own) store.session.beginTokenSwitch();
    try {
      this.tokens = await rotateLink(store.id, role, token);
      if (own) store.session.useToken(this.tokens[role]);
    } catch (err) {
      this.error = userMessage(err, 'Could not replace the link.');
    } finally {
      if (own) store.session.endTokenSwitch();
      this.replacing = null;
    }
  }
}

export const shareContext = defineContext<ShareState>('share panel');
