/**
 * Suggests who said a selected quote, from the sentence around it: "Kremlin spokesman Dmitry
 * Peskov said", "Dmitry Peskov, Kremlin spokesman, said", "“…,” Peskov said", "said Peskov".
 * Best effort, and always shown as a suggestion the analyst edits: a pattern cannot tell a
 * speaker from a reporter paraphrasing them.
 */
import { sentences, type Passage } from './passages.ts';

export interface SpeakerSuggestion {
  /** "Dmitry Peskov, Kremlin spokesman" (name first, role after, when both are found). */
  speaker: string;
  /** The words of the document the suggestion was read from. */
  evidence: string;
}

const VERBS =
  'said|says|stated|states|told|tells|warned|warns|added|adds|noted|notes|remarked|asserted|argued|insisted|declared|announced|wrote|writes|explained|stressed|emphasi[sz]ed|urged|highlighted|indicated|suggested|reiterated|claimed|commented|replied|cautioned|acknowledged|hinted|asserting|stating|saying|adding|expressed|described';
const VERB = new RegExp(`\\b(?:${VERBS})\\b`, 'u');
const PRONOUN = /^(?:he|she|they|it|we|i|the source|the official|the minister|the spokesman|the spokeswoman)$/i;
/** Words that end the subject when read backwards from the verb. */
const CLAUSE_BREAK = /[“”"«».;:!?]|\b(?:that|and|but|while|as|when|after|before|which|who)\s*$/u;
const MAX_SUBJECT_WORDS = 10;

export function suggestSpeaker(text: string, start: number, end: number): SpeakerSuggestion | null {
  const list = sentences(text);
  const index = list.findIndex((s) => s.end > start && s.start < end);
  if (index === -1) return null;
  const here = list[index] as Passage;
  const found = speakerIn(text, here, start, end);
  if (found && !PRONOUN.test(found.speaker)) return found;
  // "…,” he said. The name is usually in the sentence before.
  for (let k = index - 1; k >= Math.max(0, index - 2); k--) {
    const before = list[k] as Passage;
    const earlier = speakerIn(text, before, before.end, before.end) ?? nameIn(before.text);
    if (earlier && !PRONOUN.test(earlier.speaker)) return earlier;
  }
  return found;
}

/** A speech verb outside the quoted range, and the subject just before it (or the name just after). */
function speakerIn(text: string, sentence: Passage, start: number, end: number): SpeakerSuggestion | null {
  const outside = [
    { from: sentence.start, to: Math.max(sentence.start, Math.min(start, sentence.end)) },
    { from: Math.min(Math.max(end, sentence.start), sentence.end), to: sentence.end },
  ];
  for (const part of outside) {
    const chunk = text.slice(part.from, part.to);
    const verb = VERB.exec(chunk);
    if (!verb) continue;
    const subject = subjectBefore(chunk.slice(0, verb.index));
    if (subject) return { speaker: tidy(subject), evidence: chunk.slice(chunk.indexOf(subject), verb.index + verb[0].length).trim() };
    // "said Peskov", but not "told Reuters" (whoever is told is the listener).
    if (/^tell|^told/.test(verb[0])) continue;
    const after = /^\s+((?:\p{Lu}[\p{L}'’-]*\s?){1,4})/u.exec(chunk.slice(verb.index + verb[0].length));
    if (after?.[1]) return { speaker: after[1].trim(), evidence: `${verb[0]} ${after[1].trim()}` };
  }
  return null;
}

/** Adverbs and auxiliaries between a subject and its verb: "Putin has repeatedly said". */
const AUXILIARY = /^(?:has|have|had|also|once|then|later|previously|repeatedly|again|reportedly|\p{Ll}+ly)$/u;
const NAME = /^(?:\p{Lu}[\p{L}'’.-]*\s?){1,4}$/u;

/**
 * The subject before a speech verb, back to a clause break: "Kremlin spokesman Dmitry Peskov",
 * or for "Konstantin Kosachev, chairman of …, said" the name and the first part of the role.
 */
function subjectBefore(head: string): string | null {
  const words = head.trimEnd().split(/\s+/).filter(Boolean);
  while (words.length && AUXILIARY.test(words[words.length - 1] ?? '')) words.pop();
  const kept: string[] = [];
  for (let i = words.length - 1; i >= 0 && kept.length < MAX_SUBJECT_WORDS * 3; i--) {
    const word = words[i] ?? '';
    if (CLAUSE_BREAK.test(word)) break;
    kept.unshift(word);
  }
  const segments = kept
    .join(' ')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const last = segments[segments.length - 1];
  if (!last) return null;
  const first = segments[0] ?? '';
  let subject = last;
  if (!PRONOUN.test(last) && !NAME.test(last) && segments.length >= 2 && NAME.test(first)) subject = `${first}, ${segments[1]}`;
  else if (last.split(' ').length > MAX_SUBJECT_WORDS) return null;
  // A subject needs a capitalised word (a name or an institution), or a pronoun.
  if (!/\p{Lu}/u.test(subject) && !PRONOUN.test(subject)) return null;
  return subject;
}

/** A run of two to four capitalised words: the best guess of a name in a sentence. */
function nameIn(sentence: string): SpeakerSuggestion | null {
  const m = /(?:^|\s)((?:\p{Lu}[\p{Ll}'’-]+\s){1,4}\p{Lu}[\p{Ll}'’-]+)/u.exec(sentence.slice(1));
  return m?.[1] ? { speaker: m[1], evidence: m[1] } : null;
}

/** "Kremlin spokesman Dmitry Peskov" → "Dmitry Peskov, Kremlin spokesman"; drops dates and "on Telegram". */
function tidy(subject: string): string {
  const clean = subject
    .replace(/\s+(?:on|in|at|during)\s+.*$/u, '')
    .replace(/\s*,\s*$/, '')
    .trim();
  if (clean.includes(',')) return clean;
  // The name is taken to be the last two capitalised words; what comes before them is the role.
  const name = /(\p{Lu}[\p{L}'’-]+\s\p{Lu}[\p{L}'’-]+)$/u.exec(clean);
  if (!name?.[1] || name.index === 0) return clean;
  return `${name[1]}, ${clean.slice(0, name.index).trim()}`;
}
