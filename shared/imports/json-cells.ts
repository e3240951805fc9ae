/** The cells of an imported JSON file: stances, notes, sources and timelines, checked against the parties, issues and scale. */
import { ITEM_ID_PATTERN } from '../ids.ts';
import { cleanDate, cleanLink } from '../matrix.ts';
import { cellKey, type Cell, type Source } from '../schema.ts';
import { importSourceAnchor } from '../evidence/source-evidence.ts';
import { parseCellTimeline } from './json-timeline.ts';
import { isObj, validOrderKey, validTimestamp, type FieldReader, type Obj } from './json-fields.ts';

/** The ids the cells may refer to. */
export interface CellRefs {
  partyIds: Set<string>;
  issueIds: Set<string>;
  levelIds: Set<string>;
}

export function parseCells(m: Obj, { partyIds, issueIds, levelIds }: CellRefs, { err, str, clean }: FieldReader): Cell[] {
  const cells: Cell[] = [];
  if (!Array.isArray(m.cells)) err('matrix.cells', '"cells" must be a list.');
  else {
    const seenCells = new Set<string>();
    const seenSources = new Set<string>();
    const seenPositions = new Set<string>();
    m.cells.forEach((c: unknown, i) => {
      const path = `matrix.cells[${i}]`;
      if (!isObj(c)) return err(path, 'A cell must be an object.');
      const partyId = str(c, 'partyId', path, { max: 64 });
      const issueId = str(c, 'issueId', path, { max: 64 });
      if (partyId !== undefined && !partyIds.has(partyId)) err(`${path}.partyId`, `No party has the id "${partyId}".`);
      if (issueId !== undefined && !issueIds.has(issueId)) err(`${path}.issueId`, `No issue has the id "${issueId}".`);
      if (partyId !== undefined && issueId !== undefined) {
        const key = cellKey(partyId, issueId);
        if (seenCells.has(key)) err(path, `The cell ${partyId} × ${issueId} appears twice.`);
        seenCells.add(key);
      }
      let stance: string | null = null;
      if (c.stance !== null && c.stance !== undefined) {
        if (typeof c.stance !== 'string') err(`${path}.stance`, '"stance" must be a stance id or null.');
        else if (!levelIds.has(c.stance)) err(`${path}.stance`, `Unknown stance "${c.stance}": it is not a level of the file's stance scale.`);
        else stance = c.stance;
      }
      const note = str(c, 'note', path, { required: false });
      const sources: Source[] = [];
      if (c.sources !== undefined && !Array.isArray(c.sources)) err(`${path}.sources`, '"sources" must be a list.');
      (Array.isArray(c.sources) ? c.sources : []).forEach((s: unknown, j) => {
        const spath = `${path}.sources[${j}]`;
        if (!isObj(s)) return err(spath, 'A source must be an object.');
        const id = str(s, 'id', spath, { max: 64 });
        if (id !== undefined && !ITEM_ID_PATTERN.test(id)) err(`${spath}.id`, `"${id}" is not a valid id.`);
        else if (id !== undefined && seenSources.has(id)) err(`${spath}.id`, `Duplicate source: the id "${id}" is used twice.`);
        if (id !== undefined) seenSources.add(id);
        const quote = str(s, 'quote', spath)?.trim();
        if (quote === '') err(`${spath}.quote`, 'A source needs a quote.');
        const speaker = str(s, 'speaker', spath, { required: false })?.trim();
        const document = str(s, 'document', spath, { required: false })?.trim();
        const rawDate = str(s, 'date', spath, { required: false, max: 100 });
        const date = rawDate === undefined ? undefined : clean(`${spath}.date`, () => cleanDate(rawDate));
        const rawLink = str(s, 'link', spath, { required: false, max: 4000 });
        const link = rawLink === undefined ? undefined : clean(`${spath}.link`, () => cleanLink(rawLink));
        const addedBy = str(s, 'addedBy', spath, { required: false, max: 200 });
        const addedAt = str(s, 'addedAt', spath, { required: false, max: 100 });
        if (addedAt !== undefined && !validTimestamp(addedAt)) err(`${spath}.addedAt`, `"${addedAt}" is not an ISO timestamp.`);
        const order = str(s, 'order', spath, { required: false, max: 200 });
        if (order !== undefined && !validOrderKey(order)) err(`${spath}.order`, `"${order}" is not a valid order key.`);
        const evidence = importSourceAnchor(s, spath, err);
        if (
          id !== undefined &&
          quote &&
          speaker !== undefined &&
          document !== undefined &&
          date !== undefined &&
          link !== undefined &&
          addedBy !== undefined &&
          addedAt !== undefined &&
          order !== undefined
        ) {
          sources.push({ id, quote, speaker, document, date, link, addedBy, addedAt, order, ...evidence });
        }
      });
      const sourceIds = new Set(sources.map((x) => x.id));
      const timeline = parseCellTimeline(c, { path, stance, sourceIds, levelIds, seenPositions }, err);
      if (partyId !== undefined && issueId !== undefined && note !== undefined) cells.push({ partyId, issueId, stance, note, sources, ...timeline });
    });
  }
  return cells;
}
