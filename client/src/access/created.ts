import type { CreatedMatrix } from '../lib/api.ts';
import { matrixPath, type Router } from '../router.svelte.ts';
import { writeTab, type RememberedMatrices } from './remembered.svelte.ts';

/**
 * After making a matrix (new, import, restore): remember the facilitator link and open the
 * matrix with the Share panel up, so the creator sees (and can copy) the links right away.
 */
export function openCreated(created: CreatedMatrix, router: Router, remembered: RememberedMatrices): void {
  const token = created.tokens.facilitator;
  remembered.remember({ id: created.id, title: created.title, role: 'facilitator', token });
  writeTab(created.id, token);
  router.navigate(`${matrixPath(created.id)}#share`);
}
