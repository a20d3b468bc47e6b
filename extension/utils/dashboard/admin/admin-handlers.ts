import { platformChannelView, unitSettingsView } from '../../contract';
import * as z from 'zod';
import type { adminMessageSchemas } from './admin-messages';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What the administration handlers borrow from the dashboard's: its authorised fetch, its checked JSON read and its errors. */
export interface AdminApi {
  send(path: string, init: { method: Method; body?: unknown }): Promise<Response>;
  json<T>(path: string, schema: z.ZodType<T>, init?: { method: Method; body?: unknown }): Promise<T>;
  unexpected(message: string): Error;
  /** The HTTP status of an API error, undefined for any other failure. */
  statusOf(error: unknown): number | undefined;
  /** The API's error code (apiErrorCodes), undefined for any other failure. */
  codeOf(error: unknown): string | undefined;
}

type Schemas = typeof adminMessageSchemas;
export type AdminHandlers = { [N in keyof Schemas]: (data: z.output<Schemas[N]['request']>) => Promise<z.input<Schemas[N]['response']>> };

const mediaTypes = { md: 'text/markdown', csv: 'text/csv' } as const;

/** Largest report the page is handed in one message; a year's report is a few kilobytes. */
const maxReportChars = 5_000_000;

/** The background's side of the administration screen, with the token only it holds. */
export const createAdminHandlers = (api: AdminApi): AdminHandlers => {
  const settingsPath = (unit: string) => `/v1/units/${encodeURIComponent(unit)}/settings`;
  const currentSettings = (unit: string) =>
    api.json(settingsPath(unit), unitSettingsView).then(
      (settings) => ({ settings }),
      // The route answers 404 for a unit that has no settings yet: the form starts empty.
      (error: unknown) => {
        if (api.statusOf(error) === 404) return {};
        throw error;
      },
    );
  return {
    'dashboard.unit-settings': ({ unit }) => currentSettings(unit),
    'dashboard.save-unit-settings': ({ unit, settings }) =>
      api.json(settingsPath(unit), unitSettingsView, { method: 'PUT', body: settings }).then(
        (saved) => ({ outcome: 'saved' as const, settings: saved }),
        // Another admin saved since this one read them: the page is given what they are now, to show and edit again.
        async (error: unknown) => {
          if (api.codeOf(error) !== 'stale_version') throw error;
          return { outcome: 'stale' as const, ...(await currentSettings(unit)) };
        },
      ),
    'dashboard.transparency-report': async ({ year, kind, format }) => {
      const response = await api.send(`/v1/transparency-reports/${year}?${new URLSearchParams({ kind, format }).toString()}`, { method: 'GET' });
      // Only the two documents the route makes are saved: anything else is not the report.
      if (!(response.headers.get('content-type') ?? '').startsWith(mediaTypes[format])) throw api.unexpected(`the transparency report is not ${mediaTypes[format]}`);
      const content = await response.text();
      if (content.length > maxReportChars) throw api.unexpected('the transparency report is too large for the dashboard; use the API directly');
      const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
      return { fileName: named ?? `${kind}-report-${year}.${format}`, mediaType: mediaTypes[format], content };
    },
    'dashboard.platform-channels': () => api.json('/v1/platforms', z.object({ platforms: z.array(platformChannelView) })),
    'dashboard.set-platform-channel': ({ platform, channel }) => api.json(`/v1/platforms/${encodeURIComponent(platform)}/channel`, platformChannelView, { method: 'PUT', body: channel }),
  };
};
