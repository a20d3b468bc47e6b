import { indicatorView } from '../contract/financial';
import { hostAbuseContact, hostAbuseContactRequest } from '../contract/host-contact';
import * as z from 'zod';
import { assigneeFilter, assignRequest } from '../contract/assignment';
import { auditVerificationV1 } from '../contract/audit-verification';
import { apiError } from '../contract/api-error';
import {
  auditEvent,
  lifecycleState,
  platformCallbackV1,
  platformChannelRequest,
  platformChannelView,
  platformEmergencyContact,
  queuePage,
  transitionRequest,
  versionedRequest,
} from '../contract/lifecycle';
import { publicRoutes, routeRoles } from './access-policy';
import { hashBankParam } from './routes/hash-banks';
import { escalationAck, escalationAckRequest, escalationEvent, pagerAckCallback, unacknowledgedPages } from '../contract/escalation';
import { reportV1 } from '../contract/report';
import { incidentAddition, incidentAdditionRequest, incidentClosed, incidentCloseRequest, incidentDeclaration, incidentList, incidentListQuery, incidentDetail, incidentView } from '../contract/incident';
import { searchQuery, searchResult } from '../contract/search';
import { exportableIndicatorType, indicatorExportFormat, indicatorSetExportQuery, mispEventExport, stixBundleExport } from '../contract/indicator-export';
import { maxExportedReferrals } from './routes/indicator-exports';
import { holdList, operationalHoldView, placeHoldRequest, releaseHoldRequest } from '../contract/operational-hold';
import { complaintDecisionRequest, complaintRequest, complaintsView, complaintView, holdReleaseRequest, holdRequest, holdView, legalAuditView, reinstatementRequest, unitSettingsRequest, unitSettingsView } from '../contract/rule-of-law';
import { maxBatchBodyBytes, maxBatchReports, reportBatchResponse } from '../contract/report-batch';
import {
  evidenceUploadRequest,
  evidenceUploadTicket,
  evidenceUploadsRequest,
  evidenceUploadTickets,
  lookupResult,
  referralStatus,
  referralView,
  reportAccepted,
  submissionStatus,
} from '../contract/responses';

const schemaOf = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any' });

const json = (ref: string) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const errors = {
  '400': { description: 'Invalid request', ...json('ApiError') },
  '401': { description: 'Missing or invalid token', ...json('ApiError') },
  '403': { description: 'Role or scope does not allow this', ...json('ApiError') },
};

/** What an indicator export answers, for one indicator or a set. */
const indicatorExportResponses = (notFound: string) => ({
  '200': {
    description: 'The export, as an attachment',
    content: {
      'application/json': { schema: { $ref: '#/components/schemas/MispEventExport' } },
      'application/stix+json;version=2.1': { schema: { $ref: '#/components/schemas/StixBundleExport' } },
      'text/csv': { schema: { type: 'string' } },
    },
  },
  '404': { description: notFound, ...json('ApiError') },
  '409': { description: "Held by another unit's investigation: whom to call", ...json('ApiError') },
  ...errors,
});

/** Request and response schemas of routes documented from the route table (see completeFromRouteTable). */
const routeSchemas: Record<string, { request?: z.ZodType; response?: z.ZodType }> = {
  'POST /v1/referrals/{id}/transitions': { request: transitionRequest, response: lifecycleState },
  'POST /v1/referrals/{id}/claim': { request: versionedRequest, response: lifecycleState },
  'DELETE /v1/referrals/{id}/claim': { request: versionedRequest, response: lifecycleState },
  'PUT /v1/referrals/{id}/assignee': { request: assignRequest, response: lifecycleState },
  'DELETE /v1/referrals/{id}/assignee': { request: versionedRequest, response: lifecycleState },
  'POST /v1/referrals/{id}/send': { request: versionedRequest, response: lifecycleState },
  'GET /v1/queues/{platform}': { response: queuePage },
  'GET /v1/referrals/{id}/audit/verify': { response: auditVerificationV1 },
  'GET /v1/referrals/{id}/audit': { response: z.object({ events: z.array(auditEvent), escalation: z.array(escalationEvent) }) },
  'PUT /v1/platforms/{id}/channel': { request: platformChannelRequest, response: platformChannelView },
  'PUT /v1/platforms/{id}/emergency-contact': { request: platformEmergencyContact, response: platformChannelView },
  'PUT /v1/hosts/{host}/abuse-contact': { request: hostAbuseContactRequest, response: hostAbuseContact },
  'POST /v1/callbacks/{platform}': { request: platformCallbackV1 },
  'POST /v1/callbacks/pager/{unit}': { request: pagerAckCallback },
  'POST /v1/referrals/{id}/escalation/ack': { request: escalationAckRequest, response: escalationAck },
  'GET /v1/escalations/unacknowledged': { response: unacknowledgedPages },
  'POST /v1/incidents': { request: incidentDeclaration, response: incidentView },
  'GET /v1/incidents/{id}': { response: incidentDetail },
  'POST /v1/incidents/{id}/close': { request: incidentCloseRequest, response: incidentClosed },
  'POST /v1/incidents/{id}/referrals': { request: incidentAdditionRequest, response: incidentAddition },
  'GET /v1/holds': { response: holdList },
  'PUT /v1/holds': { request: placeHoldRequest, response: operationalHoldView },
  'POST /v1/holds/release': { request: releaseHoldRequest },
  'GET /v1/referrals/{id}/hold': { response: holdView },
  'POST /v1/referrals/{id}/hold': { request: holdRequest, response: holdView },
  'POST /v1/referrals/{id}/hold/release': { request: holdReleaseRequest, response: holdView },
  'GET /v1/referrals/{id}/complaints': { response: complaintsView },
  'POST /v1/referrals/{id}/complaints': { request: complaintRequest, response: complaintView },
  'POST /v1/referrals/{id}/complaints/{complaintId}/decision': { request: complaintDecisionRequest, response: complaintView },
  'POST /v1/referrals/{id}/complaints/{complaintId}/reinstatement': { request: reinstatementRequest, response: complaintView },
  'GET /v1/referrals/{id}/legal-audit': { response: legalAuditView },
  'GET /v1/units/{unit}/settings': { response: unitSettingsView },
  'PUT /v1/units/{unit}/settings': { request: unitSettingsRequest, response: unitSettingsView },
};

/**
 * Answers a route of the table may give besides its own: a stale version, and a trend count of
 * the referral that another live delivery holds (the change itself is saved; a retry after
 * Retry-After completes it and counts it once).
 */
const routeTableErrors = {
  '404': { description: 'Unknown resource, or not yours to see', ...json('ApiError') },
  '409': {
    description:
      'Conflict: stale version (`stale_version` for unit settings; reason version_conflict elsewhere), claim held by someone else (claimed_by_other), a four-eyes approval missing (four_eyes_required), or a transition the lifecycle forbids',
    ...json('ApiError'),
  },
  '503': {
    description: '`count_in_progress`: another delivery is counting this referral in the trend counters right now; retry after the Retry-After header',
    headers: { 'Retry-After': { description: 'Seconds until the other delivery\'s claim lapses at the latest', schema: { type: 'integer', minimum: 1 } } },
    ...json('ApiError'),
  },
};

type Operation = Record<string, unknown>;
type Paths = Record<string, Record<string, Operation>>;

/**
 * Every route of the access policy appears in the document, with the roles that may
 * call it, so the contract cannot silently miss a route; hand-written entries above
 * keep their richer descriptions.
 */
const completeFromRouteTable = (paths: Paths): Paths => {
  const documented = [
    ...Object.entries(routeRoles).map(([route, roles]) => ({ route, roles: [...roles] as string[], publicAuth: undefined as string | undefined })),
    ...Object.entries(publicRoutes).map(([route, auth]) => ({ route, roles: [] as string[], publicAuth: auth as string })),
  ];
  for (const { route, roles, publicAuth } of documented) {
    const [method = 'GET', path = ''] = route.split(' ');
    const verb = method.toLowerCase();
    const entry = (paths[path] ??= {});
    const operation: Operation = (entry[verb] ??= {
      summary: route,
      parameters: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
      responses: {
        '200': {
          description: 'OK',
          ...(routeSchemas[route]?.response ? { content: { 'application/json': { schema: schemaOf(routeSchemas[route].response, 'output') } } } : {}),
        },
        ...routeTableErrors,
        ...errors,
      },
      ...(routeSchemas[route]?.request
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(routeSchemas[route].request, 'input') } } } }
        : {}),
    });
    operation['x-roles'] = roles;
    if (publicAuth) {
      operation['security'] = [];
      operation['description'] = `No officer token: ${publicAuth}`;
    }
  }
  return paths;
};

/** OpenAPI 3.0 document generated from the same zod schemas the API validates with. */
export const buildOpenApiDocument = () => {
  const document = buildExplicitDocument();
  completeFromRouteTable(document.paths as Paths);
  return document;
};

const buildExplicitDocument = () => ({
  openapi: '3.0.3',
  info: {
    title: 'Referral Desk API',
    version: '1.0.0',
    description: 'Internet referral units submit reports of terrorist content; the pipeline deduplicates them into referrals.',
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    schemas: {
      ReportV1: schemaOf(reportV1, 'input'),
      ReportAccepted: schemaOf(reportAccepted, 'output'),
      SubmissionStatus: schemaOf(submissionStatus, 'output'),
      ReferralView: schemaOf(referralView, 'output'),
      LookupResult: schemaOf(lookupResult, 'output'),
      SearchResult: schemaOf(searchResult, 'output'),
      EvidenceUploadRequest: schemaOf(evidenceUploadRequest, 'input'),
      EvidenceUploadTicket: schemaOf(evidenceUploadTicket, 'output'),
      EvidenceUploadsRequest: schemaOf(evidenceUploadsRequest, 'input'),
      EvidenceUploadTickets: schemaOf(evidenceUploadTickets, 'output'),
      IndicatorView: schemaOf(indicatorView, 'output'),
      ApiError: schemaOf(apiError, 'output'),
      MispEventExport: schemaOf(mispEventExport, 'output'),
      StixBundleExport: schemaOf(stixBundleExport, 'output'),
    },
  },
  security: [{ bearer: [] }],
  paths: {
    '/v1/reports': {
      post: {
        summary: 'Submit one report (idempotent by submissionId)',
        requestBody: { required: true, ...json('ReportV1') },
        responses: {
          '202': { description: 'Accepted and queued', ...json('ReportAccepted') },
          '200': { description: 'A retry of a submission already processed', ...json('ReportAccepted') },
          '413': { description: 'Body too large', ...json('ApiError') },
          '415': { description: 'Not application/json', ...json('ApiError') },
          ...errors,
        },
      },
    },
    '/v1/reports:batch': {
      post: {
        summary: `Submit up to ${maxBatchReports} reports (${maxBatchBodyBytes / 1024 / 1024} MB) at once; each is validated and answered on its own`,
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['reports'], properties: { reports: { type: 'array', minItems: 1, maxItems: maxBatchReports, items: { $ref: '#/components/schemas/ReportV1' } } } } } },
        },
        responses: {
          '200': { description: 'One result per report, in request order', content: { 'application/json': { schema: schemaOf(reportBatchResponse, 'output') } } },
          '413': { description: 'Body too large', ...json('ApiError') },
          '415': { description: 'Not application/json', ...json('ApiError') },
          ...errors,
        },
      },
    },
    '/v1/submissions/{id}': {
      get: {
        summary: 'Whether a submission is processed, and under which referral',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: { '200': { description: 'Status', ...json('SubmissionStatus') }, '404': { description: 'Unknown', ...json('ApiError') }, ...errors },
      },
    },
    '/v1/referrals/{id}': {
      get: {
        summary: 'One referral',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'Referral', ...json('ReferralView') }, '404': { description: 'Unknown', ...json('ApiError') }, ...errors },
      },
    },
    '/v1/lookup': {
      get: {
        summary: 'Deconfliction: is this URL already referred?',
        parameters: [{ name: 'url', in: 'query', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'Answer', ...json('LookupResult') }, ...errors },
      },
    },
    '/v1/search': {
      get: {
        summary: 'Find referrals by URL (any form: defanged, schemeless, canonicalized), referral id or indicator value, within what the caller may see',
        parameters: [{ name: 'q', in: 'query', required: true, schema: schemaOf(searchQuery.shape.q, 'input') }],
        responses: { '200': { description: 'The referrals found, and what the text was read as', ...json('SearchResult') }, ...errors },
      },
    },
    '/v1/queues/{platform}': {
      get: {
        summary: "A platform's liaison queue for one status, P1 first then oldest first; JSON a page at a time, or a CSV/NDJSON export",
        parameters: [
          { name: 'platform', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'status', in: 'query', required: false, schema: schemaOf(referralStatus, 'input') },
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
          { name: 'cursor', in: 'query', required: false, description: 'nextCursor of the previous page', schema: { type: 'string' } },
          { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'csv', 'ndjson'], default: 'json' } },
          { name: 'assignee', in: 'query', required: false, description: '`me`: only the referrals assigned to the caller ("mine")', schema: schemaOf(assigneeFilter, 'input') },
        ],
        responses: { '200': { description: 'One page of the queue', content: { 'application/json': { schema: schemaOf(queuePage, 'output') } } }, ...errors },
      },
    },
    '/v1/incidents': {
      get: {
        summary: 'The open incidents (whole, newest first) and, asked for, the closed ones newest close first a page at a time, each with where its debrief is read',
        parameters: [
          { name: 'status', in: 'query', required: false, description: '`open` (the default), `closed`, or `all`: the open ones, then the closed ones', schema: schemaOf(incidentListQuery.shape.status, 'input') },
          { name: 'limit', in: 'query', required: false, description: 'closed incidents per page', schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
          { name: 'cursor', in: 'query', required: false, description: 'nextCursor of the previous page (closed incidents only)', schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'One page of incidents', content: { 'application/json': { schema: schemaOf(incidentList, 'output') } } }, ...errors },
      },
    },
    '/v1/evidence': {
      post: {
        summary: 'Where to upload one evidence artifact (pre-signed PUT)',
        requestBody: { required: true, ...json('EvidenceUploadRequest') },
        responses: { '201': { description: 'Upload ticket', ...json('EvidenceUploadTicket') }, ...errors },
      },
    },
    '/v1/evidence/tickets': {
      post: {
        summary: 'Where to upload every evidence artifact of one report (pre-signed PUTs), in one request',
        requestBody: { required: true, ...json('EvidenceUploadsRequest') },
        responses: { '201': { description: 'One upload ticket per artifact', ...json('EvidenceUploadTickets') }, ...errors },
      },
    },
    '/v1/indicators/{type}/{value}': {
      get: {
        summary:
          "Referrals that share an indicator (wallet, IBAN, payment link) and its dossier: referrals, units, platforms, groups, categories, first and last seen, co-occurring indicators, channels and groups; the dossier's referrals a page at a time, newest first",
        parameters: [
          { name: 'type', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'value', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
          { name: 'cursor', in: 'query', required: false, description: 'nextCursor of the previous page', schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'Referrals sharing the indicator; `dossier` and `sanctions` (first page only), `dossierReferrals` and `nextCursor`', ...json('IndicatorView') }, ...errors },
      },
    },
    '/v1/indicators/{type}/{value}/export': {
      get: {
        summary: `An indicator's dossier for partners: a MISP event, a STIX 2.1 bundle or a CSV sheet of the indicator and its newest ${maxExportedReferrals} referrals, without officers, reporting units or notes; refused (409) while another unit holds the indicator, a co-occurring indicator or a listed post; recorded in each listed referral's audit`,
        parameters: [
          { name: 'type', in: 'path', required: true, schema: schemaOf(exportableIndicatorType, 'input') },
          { name: 'value', in: 'path', required: true, description: 'the indicator as written (normalized as the extractors do; a payment link percent-encoded)', schema: { type: 'string' } },
          { name: 'format', in: 'query', required: true, schema: schemaOf(indicatorExportFormat, 'input') },
        ],
        responses: indicatorExportResponses('No referral carried the indicator'),
      },
    },
    '/v1/indicators/export': {
      get: {
        summary: 'The dossiers of a set of indicators for partners, in one MISP event, STIX 2.1 bundle or CSV sheet; holds and audit as for one indicator',
        parameters: [
          { name: 'format', in: 'query', required: true, schema: schemaOf(indicatorExportFormat, 'input') },
          { name: 'indicator', in: 'query', required: true, description: '<type>:<value>, repeated for each indicator', style: 'form', explode: true, schema: schemaOf(indicatorSetExportQuery.shape.indicator, 'input') },
        ],
        responses: indicatorExportResponses('No referral carried one of the indicators'),
      },
    },
    '/v1/hash-banks/{bank}/export': {
      get: {
        summary: "A hash bank as the signal file HMA and python-threatexchange load (`pdq <hex>` per image hash, `vpdq <frames>` per video); of the referrals bank, the caller unit's media",
        parameters: [{ name: 'bank', in: 'path', required: true, schema: schemaOf(hashBankParam, 'input') }],
        responses: {
          '200': { description: 'Signal file: one PDQ hash per line, then one line per video (a JSON array of "hex,quality,timestamp" frames)', content: { 'text/plain': { schema: { type: 'string', example: `pdq ${'0'.repeat(64)}\n` } } } },
          '404': { description: 'No such bank', ...json('ApiError') },
          ...errors,
        },
      },
    },
  },
});
