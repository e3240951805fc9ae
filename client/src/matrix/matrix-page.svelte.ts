import { onDestroy } from 'svelte';
import { rememberedContext } from '../access/remembered.svelte.ts';
import { ShareState, shareContext } from '../access/share.svelte.ts';
import { wireAccess } from '../access/page-access.svelte.ts';
import { ActivityPanelState, activityContext } from '../history/activity.svelte.ts';
import { Presence, presenceContext } from '../presence/presence.svelte.ts';
import { Present, presentContext } from '../present/present.svelte.ts';
import { noticesContext } from '../ui/notices.svelte.ts';
import { UndoController, undoContext } from '../undo/undo.svelte.ts';
import { Versions, versionsContext } from '../versions/versions.svelte.ts';
import { AxisActions, axisActionsContext } from './axis-actions.svelte.ts';
import { MatrixStore, matrixContext } from './matrix-store.svelte.ts';
import { GridSelection, selectionContext } from './selection.svelte.ts';
import { Evidence, evidenceContext } from '../evidence/evidence.svelte.ts';
import { Timeline, timelineContext } from '../timeline/timeline.svelte.ts';
import { AnalysisState, analysisContext } from '../analysis/analysis.svelte.ts';
import { Reactions, reactionsContext } from '../reactions/reactions.svelte.ts';
import { GridFilters, filtersContext } from '../filters/filters.svelte.ts';

/**
 * Everything one matrix page holds, created and put in context during the page's init and
 * destroyed with it (App re-creates the page per id, so each lives exactly as long as the page).
 * `reopen` re-creates the page from the server's state (after the server dropped our changes).
 */
export function openMatrixPage(id: string, token: string, reopen: (token: string | null) => void) {
  const remembered = rememberedContext.get();
  const known = remembered.byToken(id, token);
  const knownTitle = known?.title || remembered.best(id)?.title || '';
  const store = matrixContext.set(new MatrixStore(id, { token, remembered: known, knownTitle }));
  wireAccess(store, remembered, noticesContext.get(), reopen);
  const share = shareContext.set(new ShareState(store));
  axisActionsContext.set(new AxisActions());
  const presence = presenceContext.set(new Presence(store.session));
  const reactions = reactionsContext.set(new Reactions(store.session));
  const present = presentContext.set(new Present(store.view, store.access, presence, store.session.awareness));
  // The "as of" day lives on the present-mode stage, so a presenting facilitator's day drives followers.
  const timeline = timelineContext.set(
    new Timeline(store.view, {
      get day() {
        return present.shown ? present.shown.asOf : present.local.asOf;
      },
      setDay: (day) => present.setAsOf(day),
    }),
  );
  const analysis: AnalysisState = analysisContext.set(new AnalysisState(store.view, timeline, () => analysis.open || (present.shown?.analysis ?? false)));
  const activity = activityContext.set(new ActivityPanelState());
  const versions = versionsContext.set(new Versions(store));
  const evidence = evidenceContext.set(new Evidence(store));
  // The grid moves through the parties and issues as the filters show them.
  const filters = filtersContext.set(new GridFilters(store, present, evidence.verifications));
  const selection = selectionContext.set(new GridSelection(filters));
  present.shownAxes = filters;
  filters.asOf = (key) => timeline.cellOn(key);
  filters.keep = () => (selection.editorOpen ? { party: selection.partyId, issue: selection.issueId } : { party: null, issue: null });
  const undo = undoContext.set(new UndoController(store.view, store.actions, selection));
  undo.isAllowed = () => !versions.readOnly && store.access.canEdit;
  analysis.isVerifiedDirect = (s) => (s.kind ?? 'direct') === 'direct' && evidence.verifications.of(s.id)?.status === 'verified';
  onDestroy(() => {
    evidence.destroy();
    analysis.destroy();
    timeline.destroy();
    undo.destroy();
    present.destroy();
    presence.destroy();
    reactions.destroy();
    store.destroy();
  });
  return { store, share, selection, presence, present, undo, activity, versions, evidence, timeline, analysis, filters };
}
