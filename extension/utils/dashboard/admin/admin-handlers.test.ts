import { describe, expect, it } from 'vitest';
import { createAdminHandlers, type AdminApi } from './admin-handlers';

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code?: string,
  ) {
    super(`HTTP ${status}`);
  }
}

const codeIn = (body: unknown): string | undefined => (body as { error?: { code?: string } } | undefined)?.error?.code;

/** The borrowed API answers from a fixed Response, as the dashboard's fetch would hand it over. */
const apiAnswering = (answer: () => Response, seen: string[] = []): AdminApi => ({
  send: (path) => {
    seen.push(path);
    const response = answer();
    return response.ok ? Promise.resolve(response) : Promise.reject(new HttpError(response.status));
  },
  json: async (path, schema) => {
    seen.push(path);
    const response = answer();
    const body: unknown = await response.json();
    if (!response.ok) throw new HttpError(response.status, codeIn(body));
    return schema.parse(body);
  },
  unexpected: (message) => new Error(message),
  statusOf: (error) => (error instanceof HttpError ? error.status : undefined),
  codeOf: (error) => (error instanceof HttpError ? error.code : undefined),
});

const settings = { unit: 'eu-iru', updatedAt: '2026-01-01T00:00:00.000Z', version: 4, fourEyes: true, displayName: 'EU IRU', contact: { name: 'Desk', email: 'desk@example.eu' }, tcoProcedures: [] };
const edited = { expectedVersion: 3, fourEyes: false, displayName: 'EU IRU', contact: { name: 'Desk', email: 'desk@example.eu' }, tcoProcedures: [] };

describe('the administration handlers', () => {
  it('answers a unit without settings with an empty form, and passes other refusals on', async () => {
    expect(await createAdminHandlers(apiAnswering(() => new Response('{}', { status: 404 })))['dashboard.unit-settings']({ unit: 'eu-iru' })).toEqual({});
    await expect(createAdminHandlers(apiAnswering(() => new Response('{}', { status: 403 })))['dashboard.unit-settings']({ unit: 'eu-iru' })).rejects.toThrow('HTTP 403');
  });

  it('answers a save on a stale version with the settings as another admin left them, and passes other refusals on', async () => {
    const answers = [() => Response.json({ error: { code: 'stale_version', message: 'changed' } }, { status: 409 }), () => Response.json(settings)];
    const seen: string[] = [];
    const stale = await createAdminHandlers(apiAnswering(() => (answers.shift() ?? (() => new Response('{}', { status: 500 })))(), seen))['dashboard.save-unit-settings']({ unit: 'eu-iru', settings: edited });
    expect(stale).toEqual({ outcome: 'stale', settings });
    expect(seen).toEqual(['/v1/units/eu-iru/settings', '/v1/units/eu-iru/settings']);
    const saved = await createAdminHandlers(apiAnswering(() => Response.json(settings)))['dashboard.save-unit-settings']({ unit: 'eu-iru', settings: edited });
    expect(saved).toEqual({ outcome: 'saved', settings });
    const forbidden = () => Response.json({ error: { code: 'forbidden', message: 'no' } }, { status: 403 });
    await expect(createAdminHandlers(apiAnswering(forbidden))['dashboard.save-unit-settings']({ unit: 'eu-iru', settings: edited })).rejects.toThrow('HTTP 403');
  });

  it("saves the report under the API's file name, and refuses anything that is not the format asked for", async () => {
    const seen: string[] = [];
    const csv = () => new Response('a,b\n', { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="authority-report-eu-iru-2025.csv"' } });
    expect(await createAdminHandlers(apiAnswering(csv, seen))['dashboard.transparency-report']({ year: 2025, kind: 'authority', format: 'csv' })).toEqual({
      fileName: 'authority-report-eu-iru-2025.csv',
      mediaType: 'text/csv',
      content: 'a,b\n',
    });
    expect(seen).toEqual(['/v1/transparency-reports/2025?kind=authority&format=csv']);
    const html = () => new Response('<p>hi</p>', { headers: { 'content-type': 'text/html' } });
    await expect(createAdminHandlers(apiAnswering(html))['dashboard.transparency-report']({ year: 2025, kind: 'trusted-flagger', format: 'md' })).rejects.toThrow('not text/markdown');
  });
});
