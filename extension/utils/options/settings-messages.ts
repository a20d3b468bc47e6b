import * as z from 'zod';

/** The options page's messages to the background (the popup reads `authView` too). */

export const authView = z.object({
  signedIn: z.boolean(),
  method: z.enum(['dev', 'oauth']).nullable(),
  cognitoConfigured: z.boolean(),
});

export const settingsView = z.object({
  apiUrl: z.string(),
  autoLookup: z.boolean(),
  auth: authView,
});
export type SettingsView = z.infer<typeof settingsView>;

export const settingsMessageSchemas = {
  getSettings: { request: z.object({}), response: settingsView },
  saveSettings: {
    request: z.object({ apiUrl: z.url({ protocol: /^https?$/ }).max(2048), autoLookup: z.boolean() }),
    response: settingsView,
  },
  /** A pasted token for the local stack; null forgets it. The token goes in, never comes back out. */
  setDevToken: { request: z.object({ token: z.string().trim().min(1).max(8_000).nullable() }), response: settingsView },
  signIn: { request: z.object({}), response: settingsView },
  signOut: { request: z.object({}), response: settingsView },
} as const;
