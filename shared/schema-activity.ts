/** The document's activity roots as plain values: edit history (`history`) and comments (`comments`, `commentThreads`). */

// ---------- history (root `history`, a Y.Array of plain HistoryEntry objects) ----------

export type HistoryKind = 'stance' | 'note' | 'source-added' | 'source-edited' | 'source-removed';

/** What a source-* history entry keeps of a source: enough to recognise it, not a copy. */
export interface SourceSummary {
  id: string;
  /** At most 200 characters (longer quotes are cut and end in '…'). */
  quote: string;
  speaker: string;
}

/**
 * One recorded change, appended in the same transaction as the change itself.
 * before/after: a stance level id or null ('stance'); note text of at most 500 characters,
 * '' for none ('note'); a SourceSummary or null ('source-*').
 */
export interface HistoryEntry {
  id: string;
  /** ISO timestamp from the writer's clock. */
  at: string;
  /** Display name of who made the change. */
  by: string;
  /** Stable id of who made the change, when the client set one (setActor). */
  byId?: string;
  /** Cell key "partyId|issueId". */
  cell: string;
  kind: HistoryKind;
  before: string | SourceSummary | null;
  after: string | SourceSummary | null;
  /** 'stance' only: ids of the cell's stance heads the writer had seen (see readContested). */
  bases?: string[];
  /** 'source-edited' only: names of the fields that changed. */
  fields?: string[];
}

/** A history entry with its cell resolved; names are null once the party or issue is deleted. */
export interface ActivityEntry extends HistoryEntry {
  partyId: string;
  issueId: string;
  partyName: string | null;
  issueName: string | null;
}

/** One of the competing values of a contested cell: a stance head. */
export interface StanceCandidate {
  stance: string | null;
  by: string;
  at: string;
  entryId: string;
}

export interface Contested {
  /** One per head, in history order (the same on every replica). */
  candidates: StanceCandidate[];
}

// ---------- comments (roots `comments` and `commentThreads`, plain values) ----------

/** What the `comments` map holds per comment id. */
export interface StoredComment {
  cell: string;
  /** Id of the thread's root comment, or null for a root. Replies are one level deep. */
  parent: string | null;
  author: string;
  authorId?: string;
  at: string;
  text: string;
  editedAt?: string;
}

export interface Comment extends StoredComment {
  id: string;
}

/** What the `commentThreads` map holds per root comment id (absent = open). */
export interface StoredThreadState {
  resolved: boolean;
  by: string;
  at: string;
}

export interface CommentThread {
  root: Comment;
  /** Oldest first. */
  replies: Comment[];
  resolved: boolean;
  /** Who resolved it (null when open). */
  resolvedBy: string | null;
  resolvedAt: string | null;
}
