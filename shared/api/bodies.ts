/** Request bodies and queries as valibot schemas, each with the error code its refusal carries. */
import * as v from 'valibot';
import { MAX_NAME_LENGTH, cleanDate } from '../matrix.ts';
import { MAX_SNAPSHOT_NAME_LENGTH, MAX_SNAPSHOT_NOTE_LENGTH } from '../versions/snapshot.ts';
import type { BodyContract } from './codes.ts';

const plainObject = (message: string) => v.custom<Record<string, unknown>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), message);

/** Text with runs of white space made one space, required and at most `max` characters. */
const cleanText = (what: string, max: number, key: string) =>
  v.pipe(
    v.string(`${what} must be text: { "${key}": "…" }.`),
    v.transform((s) => s.replace(/\s+/g, ' ').trim()),
    v.nonEmpty(`${what} cannot be empty.`),
    v.maxLength(max, `${what} is longer than ${max} characters.`),
  );

/** POST /api/matrices */
export const NewMatrixBody = {
  schema: v.object(
    {
      title: v.string('Give the matrix a title: { "title": "…" }.'),
      description: v.optional(v.string('The description must be text.'), ''),
    },
    'Give the matrix a title: { "title": "…" }.',
  ),
  codes: { '': 'invalid-title', title: 'invalid-title', description: 'invalid-description' },
} satisfies BodyContract;

/** PUT /api/matrices/:id/lock */
export const LockBody = {
  schema: v.object({ locked: v.boolean('Send { "locked": true } or { "locked": false }.') }, 'Send { "locked": true } or { "locked": false }.'),
  codes: { '': 'invalid-body' },
} satisfies BodyContract;

const SNAPSHOT_BODY_MESSAGE = 'Send { "name": "…", "createdBy": "…" }.';
const SNAPSHOT_FIELDS = { name: ['The snapshot name', MAX_SNAPSHOT_NAME_LENGTH], createdBy: ['createdBy (who takes the snapshot)', MAX_NAME_LENGTH] } as const;
/** A missing field is reported by the object schema: say what the field must be. */
const missingSnapshotField = (issue: v.BaseIssue<unknown>) => {
  const key = issue.path?.[0]?.key;
  return key === 'name' || key === 'createdBy' ? `${SNAPSHOT_FIELDS[key][0]} must be text: { "${key}": "…" }.` : SNAPSHOT_BODY_MESSAGE;
};

/** POST /api/matrices/:id/snapshots */
export const NewSnapshotBody = {
  schema: v.pipe(
    plainObject(SNAPSHOT_BODY_MESSAGE),
    v.object(
      {
        name: cleanText(...SNAPSHOT_FIELDS.name, 'name'),
        createdBy: cleanText(...SNAPSHOT_FIELDS.createdBy, 'createdBy'),
        note: v.optional(
          v.pipe(
            v.string('The note must be text.'),
            v.trim(),
            v.maxLength(MAX_SNAPSHOT_NOTE_LENGTH, `The note is longer than ${MAX_SNAPSHOT_NOTE_LENGTH} characters.`),
          ),
          '',
        ),
      },
      missingSnapshotField,
    ),
  ),
  codes: { '': 'invalid-body', name: 'invalid-name', createdBy: 'invalid-created-by', note: 'invalid-note' },
} satisfies BodyContract;

/** POST /api/matrices/:id/snapshots/:sid/restore; the body may be absent. */
export const RestoreBody = {
  schema: v.pipe(plainObject('Send a JSON object.'), v.object({ title: v.optional(v.string('The title must be text.')) })),
  codes: { '': 'invalid-body', title: 'invalid-title' },
} satisfies BodyContract;

// ---------- queries ----------

const ASOF_MESSAGE = 'asOf must be a day: ?asOf=YYYY-MM-DD, e.g. 2025-03-18.';
const isDay = (s: string) => {
  try {
    return s !== '' && cleanDate(s) === s;
  } catch {
    return false;
  }
};

/** GET /api/matrices/:id[?asOf=] and GET /api/matrices/:id/analysis[?asOf=]: the matrix at the end of that day. */
export const AsOfQuery = {
  schema: v.object({ asOf: v.optional(v.pipe(v.string(ASOF_MESSAGE), v.check(isDay, ASOF_MESSAGE))) }),
  codes: { '': 'invalid-date', asOf: 'invalid-date' },
} satisfies BodyContract;

/** POST /api/matrices/:id/snapshots/:sid/revert: who asks (named in the history), optional. */
export const RevertBody = {
  schema: v.pipe(
    plainObject('Send a JSON object.'),
    v.object({ by: v.optional(v.pipe(v.string('by must be text.'), v.trim(), v.maxLength(200, 'by is longer than 200 characters.'))) }),
  ),
  codes: { '': 'invalid-body', by: 'invalid-created-by' },
} satisfies BodyContract;
