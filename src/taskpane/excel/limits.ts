/*
 * Excel on the web's payload limit: "Excel on the web has a payload size limit for requests and
 * responses of 5MB. A RichAPI.Error will be thrown if that limit is exceeded."
 * (https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins)
 * Kept apart from apply.ts so that excel/blocks.ts and apply.ts need not import each other.
 */

/** The limit itself, for requests and responses alike. */
export const EXCEL_WEB_PAYLOAD_LIMIT = 5 * 1024 * 1024;

/** What a request or a read aims at: well under the limit (JSON overhead, other operations in the batch). */
export const DEFAULT_CHUNK_BYTES = 1_500_000;

/** Larger reports are refused with a message rather than freezing the pane (split them). */
export const MAX_IMPORT_BYTES = 30 * 1024 * 1024;
