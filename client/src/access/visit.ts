/** How this page visit got its token: the link's `#token=…`, this tab's, or the remembered list. */
import { tokenFromHash } from '../../../shared/access.ts';
import { matrixPath } from '../router.svelte.ts';
import { writeTab, type RememberedMatrices } from './remembered.svelte.ts';

export interface Visit {
  token: string | null;
  /** The address held a `token=` that is not a token (cut short or mistyped). */
  badLink: boolean;
  /** `#share`: open the Share panel (set after creating a matrix). */
  share: boolean;
}

/**
 * Reads and removes the fragment: the token is not left on screen (or in a screenshot of the
 * projector); this tab keeps it in sessionStorage and, once the server accepts it, the
 * remembered list keeps it for later visits.
 */
export function readVisit(id: string, remembered: RememberedMatrices): Visit {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromHash = tokenFromHash(location.hash);
  const badLink = params.has('token') && fromHash === null;
  if (location.hash) history.replaceState(history.state, '', matrixPath(id) + location.search);
  const token = badLink ? null : (fromHash ?? remembered.tokenFor(id));
  if (token) writeTab(id, token);
  return { token, badLink, share: params.has('share') };
}
