/**
 * The one way the extension reaches the shared API contract (functions/contract/). The
 * server validates the same schemas, so a report the extension accepts is a report the API
 * accepts, and an answer the API gives is an answer the background can check. Only this
 * file imports functions/contract (eslint.config.js enforces it), so what the extension
 * depends on is listed here.
 */
export * from '../../functions/contract/api-error';
export * from '../../functions/contract/assignment';
export { dossierSummary, indicatorView, type DossierSummary, type IndicatorView, type SanctionsListing } from '../../functions/contract/financial';
export { exportableIndicatorType, indicatorExportFormat, type IndicatorExportFormat } from '../../functions/contract/indicator-export';
export * from '../../functions/contract/host-contact';
export * from '../../functions/contract/http-url';
export * from '../../functions/contract/lifecycle';
export * from '../../functions/contract/principal';
export * from '../../functions/contract/report';
export * from '../../functions/contract/report-batch';
export * from '../../functions/contract/responses';
export * from '../../functions/contract/search';
export * from '../../functions/contract/stats';
export { defaultAckMinutes, escalationAck, unacknowledgedPages, type EscalationAck, type OnCallRotaView, type UnacknowledgedPage, type UnacknowledgedPages } from '../../functions/contract/escalation';
export { reviewDecisionRequest, reviewsView, reviewView, type ReviewDecisionRequest, type ReviewsView, type ReviewView } from '../../functions/contract/rule-of-law';
export {
  complaintDecisionRequest,
  complaintDecisions,
  complaintRequest,
  complaintsView,
  complaintView,
  holdReleaseRequest,
  holdRequest,
  holdView,
  legalAuditView,
  reinstatementRequest,
  type ComplaintsView,
  type ComplaintView,
  type HoldView,
  type LegalAuditEvent,
  type LegalAuditView,
} from '../../functions/contract/rule-of-law';
export {
  cannotComplyReasons,
  disclosureDelayExtensionRequest,
  orderAnswerRequest,
  orderLanguage,
  orderLanguages,
  orderReceiptRequest,
  orderRestartRequest,
  orderScrutinyRequest,
  removalOrderRequest,
  removalOrderView,
  tcoGrounds,
  transparencyReportKinds,
  unitSettingsRequest,
  unitSettingsView,
  type UnitSettingsRequest,
  type UnitSettingsView,
  type ClockView,
  type OrderLanguage,
  type RemovalOrderView,
} from '../../functions/contract/rule-of-law';
export {
  incidentAddition,
  incidentClosed,
  incidentDeclaration,
  incidentDetail,
  incidentList,
  incidentListStatuses,
  incidentView,
  isRemoved,
  type IncidentAddition,
  type IncidentClosed,
  type IncidentDeclaration,
  type IncidentDetail,
  type IncidentListItem,
  type IncidentReferralRow,
  type IncidentView,
  type PlatformFigures,
} from '../../functions/contract/incident';
