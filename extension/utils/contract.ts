/**
 * The one way the extension reaches the shared API contract. The server validates the
 * same schemas, so a report the extension accepts is a report the API accepts.
 */
export {
  reportV1,
  pageLanguageTag,
  captureManifestV1,
  evidenceArtifactV1,
  categories,
  legalRoutes,
  sha256Hex,
  type ReportV1,
  type ReportV1Input,
  type CaptureManifestV1,
  type EvidenceArtifactV1,
  type Category,
} from '../../functions/contract/report';
export { httpUrl } from '../../functions/contract/http-url';
export {
  lookupResult,
  reportAccepted,
  referralStatuses,
  evidenceUploadRequest,
  evidenceUploadTicket,
  type LookupResult,
  type ReportAccepted,
  type EvidenceUploadRequest,
  type EvidenceUploadTicket,
} from '../../functions/contract/responses';
export { apiError, type ApiError } from '../../functions/contract/api-error';
