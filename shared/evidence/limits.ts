/** The evidence library's limits, shared so the client can warn before an upload and imports check them too. */

/** Largest text of one document: 2 MiB of UTF-8. */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
/** Most documents one matrix's library may hold. */
export const MAX_DOCUMENTS_PER_MATRIX = 500;
/** Longest title, outlet or author. */
export const MAX_DOCUMENT_FIELD = 500;
