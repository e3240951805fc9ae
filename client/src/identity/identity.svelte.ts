import { defineContext } from '../lib/context.ts';

export const NAME_KEY = 'stance-grid:name';
/** Set when someone answered "Not now": the first-visit question is not asked again in this browser. */
export const NAME_DECLINED_KEY = 'stance-grid:name-declined';

function declined(): boolean {
  try {
    return localStorage.getItem(NAME_DECLINED_KEY) === '1';
  } catch {
    return false;
  }
}
export const MAX_DISPLAY_NAME = 80;

function readStored(): string {
  try {
    return localStorage.getItem(NAME_KEY)?.trim() ?? '';
  } catch {
    // Storage can be blocked (privacy settings); the app still works without a name.
    return '';
  }
}

/** The person at this browser: a display name, remembered in localStorage. */
export class Identity {
  name = $state.raw(readStored());
  /** True when no name was ever stored: the app asks once. */
  needsName = $derived(this.name === '');
  /** What collaborators see (e.g. a source's "added by"). */
  displayName = $derived(this.name || 'Anonymous');
  /** Asked on the first visit; reopened from the header to change the name. */
  dialogOpen = $state.raw(this.name === '' && !declined());

  /** "Not now": remembered, so reloading or opening another matrix does not ask again. */
  decline(): void {
    try {
      localStorage.setItem(NAME_DECLINED_KEY, '1');
    } catch {
      // Not persisted; this tab stops asking anyway.
    }
  }

  setName(name: string): void {
    const clean = name.replace(/\s+/g, ' ').trim().slice(0, MAX_DISPLAY_NAME);
    if (!clean) return;
    this.name = clean;
    try {
      localStorage.setItem(NAME_KEY, clean);
    } catch {
      // Not persisted; kept for this session.
    }
  }
}

export const identityContext = defineContext<Identity>('identity');
