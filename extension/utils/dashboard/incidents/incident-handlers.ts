import type * as z from 'zod';
import { incidentAddition, incidentClosed, incidentDetail, incidentList, incidentView } from '../../contract';
import { bytesToBase64 } from '../../bytes';
import type { incidentMessageSchemas } from './incident-messages';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What the incident handlers borrow from the dashboard's: its authorised fetch and its checked JSON read. */
export interface IncidentApi {
  send(path: string, init: { method: Method; body?: unknown }): Promise<Response>;
  json<T>(path: string, schema: z.ZodType<T>, init?: { method: Method; body?: unknown }): Promise<T>;
  unexpected(message: string): Error;
}

type Schemas = typeof incidentMessageSchemas;
export type IncidentHandlers = { [N in keyof Schemas]: (data: z.output<Schemas[N]['request']>) => Promise<z.input<Schemas[N]['response']>> };

const mediaTypes = { md: 'text/markdown', pdf: 'application/pdf' } as const;

/** The background's side of the incident screen, with the token only it holds. */
export const createIncidentHandlers = (api: IncidentApi): IncidentHandlers => {
  const path = (incidentId: string) => `/v1/incidents/${encodeURIComponent(incidentId)}`;
  return {
    'dashboard.incidents': ({ status, cursor }) => {
      const query = new URLSearchParams({ ...(status === undefined ? {} : { status }), ...(cursor === undefined ? {} : { cursor }) }).toString();
      return api.json(`/v1/incidents${query === '' ? '' : `?${query}`}`, incidentList);
    },
    'dashboard.incident': ({ incidentId }) => api.json(path(incidentId), incidentDetail),
    'dashboard.declare-incident': (declaration) => api.json('/v1/incidents', incidentView, { method: 'POST', body: declaration }),
    'dashboard.close-incident': ({ incidentId }) => api.json(`${path(incidentId)}/close`, incidentClosed, { method: 'POST', body: {} }),
    'dashboard.add-to-incident': ({ incidentId, referralId }) => api.json(`${path(incidentId)}/referrals`, incidentAddition, { method: 'POST', body: { referralId } }),
    'dashboard.incident-debrief': async ({ incidentId, format }) => {
      const response = await api.send(`${path(incidentId)}/debrief?format=${format}`, { method: 'GET' });
      // Only the two documents the route makes are saved: anything else is not the debrief.
      if (!(response.headers.get('content-type') ?? '').startsWith(mediaTypes[format])) throw api.unexpected(`the debrief is not ${mediaTypes[format]}`);
      return { fileName: `debrief-${incidentId}.${format}`, mediaType: mediaTypes[format], base64: bytesToBase64(new Uint8Array(await response.arrayBuffer())) };
    },
  };
};
