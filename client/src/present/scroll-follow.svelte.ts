import type { Attachment } from 'svelte/attachments';
import { untrack } from 'svelte';
import type { Present } from './present.svelte.ts';

/**
 * On the grid's scroll container: reports the facilitator's scroll position (throttled by
 * Present), and moves a follower's view to the presenter's scroll position and spotlight.
 */
export function scrollFollow(present: Present): Attachment<HTMLElement> {
  return (el) => {
    const onScroll = () => untrack(() => present.reportScroll(el));
    el.addEventListener('scroll', onScroll, { passive: true });
    let x: number | null = null;
    let y: number | null = null;
    let spot = '';
    $effect(() => {
      const shown = present.shown;
      const key = present.spotKey;
      const following = present.following;
      untrack(() => {
        const scroll = following ? shown?.scroll : undefined;
        if (scroll && (scroll.x !== x || scroll.y !== y)) {
          if (scroll.x !== null) el.scrollLeft = scroll.x * (el.scrollWidth - el.clientWidth);
          if (scroll.y !== null) el.scrollTop = scroll.y * (el.scrollHeight - el.clientHeight);
        }
        x = scroll?.x ?? null;
        y = scroll?.y ?? null;
        // Whatever the scroll position, the spotlight itself must be on screen.
        if (key && key !== spot) el.querySelector<HTMLElement>(`[data-nav="${CSS.escape(key)}"]`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        spot = key;
      });
    });
    untrack(() => present.reportScroll(el));
    return () => el.removeEventListener('scroll', onScroll);
  };
}
