import * as z from 'zod';
import { platformChannelRequest, platformChannelView, transparencyReportKinds, unitSettingsRequest, unitSettingsView } from '../../contract';

const unit = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/);

/** A transparency report as the background fetched it, for the page to show as text and save. */
export const transparencyReportFile = z.object({ fileName: z.string(), mediaType: z.string(), content: z.string() });
export type TransparencyReportFile = z.infer<typeof transparencyReportFile>;

/**
 * The administration screen's messages to the background (spread into dashboardMessageSchemas):
 * the unit's settings, read and saved, the yearly transparency report as Markdown or CSV, and
 * the platforms' delivery channels.
 * The background calls the API; the page never holds the token.
 */
export const adminMessageSchemas = {
  /** GET /v1/units/{unit}/settings: none yet is an answer (a new unit), not an error. */
  'dashboard.unit-settings': { request: z.object({ unit }), response: z.object({ settings: unitSettingsView.optional() }) },
  /**
   * PUT /v1/units/{unit}/settings on the version the page read: the page checks the body with the
   * API's own schema first. `stale` when another admin saved since, with the settings as they are now.
   */
  'dashboard.save-unit-settings': {
    request: z.object({ unit, settings: unitSettingsRequest }),
    response: z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('saved'), settings: unitSettingsView }),
      z.object({ outcome: z.literal('stale'), settings: unitSettingsView.optional() }),
    ]),
  },
  /** GET /v1/transparency-reports/{year}?kind=&format=md|csv (Regulation (EU) 2021/784 Art. 8; DSA Art. 22(3)). */
  'dashboard.transparency-report': {
    request: z.object({ year: z.number().int().min(2022).max(2100), kind: z.enum(transparencyReportKinds), format: z.enum(['md', 'csv']) }),
    response: transparencyReportFile,
  },
  /** GET /v1/platforms: the registry with each webhook platform's channel state (secrets never leave the table). */
  'dashboard.platform-channels': { request: z.object({}), response: z.object({ platforms: z.array(platformChannelView) }) },
  /** PUT /v1/platforms/{id}/channel (deployment admin): the page checks the body with the API's own schema first. */
  'dashboard.set-platform-channel': { request: z.object({ platform: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,199}$/), channel: platformChannelRequest }), response: platformChannelView },
} as const;
