/**
 * Reads and mutations of a matrix over a Y.Doc. Pure functions: no Svelte, no sockets.
 * Every mutation runs in one transaction with a typed origin (LOCAL_ORIGIN by default).
 * One file per concept in ./matrix/; this module is their public face.
 */
export { INVALID_VALUE, axisMap, metaMap, notesMap, scaleMap, shownText, sourceOrderMap, sourcesMap, stancesMap, type StoredSource } from './matrix/maps.ts';
export { byOrder } from './matrix/order.ts';
export { MAX_NAME_LENGTH, MAX_TEXT_LENGTH, cleanDate, cleanLink, cleanName } from './matrix/validate.ts';
export { initMatrix, setDescription, setTitle, type InitOptions } from './matrix/meta.ts';
export { countMatrix, readAxis, readCell, readCellSources, readMatrix, readMeta, readScale, readSource, readSourcesByCell, sourceCell } from './matrix/read.ts';
export {
  AXIS_WORDS_FIELD,
  MAX_AXIS_WORDS_LENGTH,
  addAxisItem,
  axisItemContent,
  deleteAxisItem,
  moveAxisItem,
  nameKey,
  renameAxisItem,
  setAxisDescription,
  setAxisField,
  splitWords,
  type NewAxisItem,
} from './matrix/axis.ts';
export { confirmStance, requireCell, setNote, setStance } from './matrix/cells.ts';
export { addSource, moveSource, removeSource, setSourceAnchor, updateSource, type NewSource } from './matrix/sources.ts';
export { undoScope } from './matrix/undo.ts';
