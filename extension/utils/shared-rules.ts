/**
 * Rules of the pure core (functions/core/) that the extension applies itself, so the page
 * never offers what the API will refuse and a file checked here is checked as the API and
 * the import CLI check it. Only this file imports functions/core (eslint.config.js enforces
 * it): each rule here is a deliberate dependency of the extension on the server's domain code.
 */

/** The liaison queue offers only the transitions the API allows from a referral's status. */
export { allowedTransitions, isFinal } from '../../functions/core/lifecycle/transitions';
/** Exports defuse spreadsheet formulas in cells with the one CSV writer of every export. */
export { csvRows } from '../../functions/core/csv';
/** The popup suggests the spellings the classifier resolves to a designated group. */
export { attributeGroups, designatedGroups, findGroup, type DesignatedGroup } from '../../functions/core/classification/designated-groups';
/**
 * The same list as the file the classifier reads, unparsed: the popup's suggestions need only the
 * names, and parsing it (zod, the matchers) would add to every popup open. The server parses and
 * checks this file when it loads (designated-groups.ts) and in its tests.
 */
export { default as designatedGroupsFile } from '../../functions/core/classification/designated-groups.json' with { type: 'json' };
/** Bulk upload: rows are read, validated and given submission ids exactly as by `npm run import`. */
export { planImport, type ImportPlan, type PlannedRow } from '../../functions/core/import/import-plan';
export { batchPlannedRows, dryRunCounts, importRowsOutcome, recordBatchAnswer } from '../../functions/core/import/import-outcome';
export { validateImportRow } from '../../functions/core/import/import-row';
export { importColumns, readNdjson, unknownColumns, type FileProblem, type RawRow, type ReadFileResult } from '../../functions/core/import/import-file-shape';
/** The popup shows the platform the referral will be filed under (registry host, else registrable domain). */
export { platformOfUrl } from '../../functions/core/platforms/platform-of-url';
/** Platforms without a webhook channel are filed by hand: the dashboard offers "Mark as filed" and the Art. 16 notice. */
export { isPlatformId, platformById } from '../../functions/core/platforms/platforms';
/** Referrals on hosts outside the platform registry are worked in one queue per unit. */
export { otherHostsQueue } from '../../functions/core/platforms/work-queue';
/** A flagged image is hashed at capture with the server's PDQ, so the server's recomputation can agree bit for bit. */
export { pdqHashOf, type DecodedImage } from '../../functions/core/media/pdq';
export { pdqHex } from '../../functions/core/media/pdq-hash';
export { imageFormatOf } from '../../functions/core/media/image-format';
/** Indicators typed by hand are checked with the server's extractors and checksums, with the failed checksum named. */
export { readManualIndicator, type ManualIndicatorResult } from '../../functions/core/indicators/manual-indicator';
export { indicatorTypes } from '../../functions/core/indicators/extract-indicators';
/** The order screens offer each removal-order action to the roles the API admits for its route. */
export { routeRoles } from '../../functions/api/access-policy';
