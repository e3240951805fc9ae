/** The evidence layer's public API (pure: no Node modules, no DOM). See README "Evidence library". */
export { normalise, normaliseWithMap, originalRange, type NormalisedText } from './normalise.ts';
export { CONTEXT_LENGTH, SelectorRangeError, isQuoteSelector, makeSelector } from './selector.ts';
export { MAX_ALTERED_ERROR_RATIO, MIN_APPROXIMATE_LENGTH, anchor, type Anchor, type AnchorMethod, type AnchorTarget } from './anchor.ts';
export { wordDiff, type DiffOp, type DiffPart } from './diff.ts';
export { VERIFICATION_STATUSES, countVerification, verify, type VerifiableSource, type Verification, type VerificationStatus } from './verify.ts';
export { paragraphs, passageAt, sentences, type Passage } from './passages.ts';
export { suggestSpeaker, type SpeakerSuggestion } from './speaker.ts';
export { LibraryIndex, suggestEvidence, type LibraryDocument, type PassageHit, type Suggestion, type SuggestionQuery, type TextRange } from './search.ts';
export {
  citationCounts,
  citedPassages,
  citedRanges,
  citingSources,
  withVerification,
  type CitedPassage,
  type DocumentText,
  type VerifiedCell,
  type VerifiedMatrix,
  type VerifiedSource,
} from './citations.ts';
export { documentsMap, readDocumentIndex, removeFromDocumentIndex, writeDocumentIndex } from './library-index.ts';
export { cleanSourceAnchor, readSourceAnchor, type SourceAnchor } from './source-evidence.ts';
