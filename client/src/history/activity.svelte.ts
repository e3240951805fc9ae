import { defineContext } from '../lib/context.ts';

/** Whether the matrix-wide Activity panel is open (toggled from the toolbar). */
export class ActivityPanelState {
  open = $state.raw(false);

  toggle(): void {
    this.open = !this.open;
  }
}

export const activityContext = defineContext<ActivityPanelState>('activity panel');
