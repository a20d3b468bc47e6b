import * as z from 'zod';
import { categories, legalRoutes, referralStatuses } from './contract';
import { dashboardMessageSchemas } from './dashboard/messages';

/**
 * Every message between the extension's pages and its background, named once with the
 * zod schema of its request and its response. Both ends validate: the sender its request
 * and the answer, the background every request, whoever sent it.
 */

const tabId = z.number().int().nonnegative();

/** An operational hold on the page or its channel: another unit's shows only whom to call. */
export const holdLine = z.object({ unit: z.string(), contact: z.string(), own: z.boolean(), reason: z.string().optional() });
export type HoldLine = z.infer<typeof holdLine>;

export const lookupView = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('referred'),
    holds: z.array(holdLine).optional(),
    referralId: z.string(),
    status: z.enum(referralStatuses),
    unitCount: z.number().int(),
    reportCount: z.number().int(),
    outcome: z.string().optional(),
  }),
  z.object({ state: z.literal('not_referred'), holds: z.array(holdLine).optional() }),
  z.object({ state: z.literal('unavailable'), message: z.string() }),
]);
export type LookupView = z.infer<typeof lookupView>;

export const prefillView = z.object({
  url: z.string(),
  reportable: z.boolean(),
  title: z.string().optional(),
  selectedText: z.string().optional(),
  linkUrl: z.string().optional(),
  mediaUrl: z.string().optional(),
  platform: z.string(),
  handle: z.string().optional(),
  pageLanguage: z.string().optional(),
  outLinks: z.array(z.string()).optional(),
});

export const rejectedView = z.object({
  submissionId: z.string(),
  url: z.string(),
  category: z.string(),
  status: z.number().int(),
  message: z.string(),
  rejectedAt: z.string(),
});

export const outboxView = z.object({
  waiting: z.number().int().nonnegative(),
  rejected: z.array(rejectedView),
  nextAttemptAt: z.number().optional(),
});
export type OutboxView = z.infer<typeof outboxView>;

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

/** The fields the officer fills in; the background adds submissionId, capture and validates with reportV1. */
export const reportForm = z.strictObject({
  url: z.string().max(4096),
  title: z.string().max(2_000).optional(),
  selectedText: z.string().max(200_000).optional(),
  linkUrl: z.string().max(4096).optional(),
  mediaUrl: z.string().max(4096).optional(),
  category: z.enum(categories),
  subTags: z.array(z.string().max(64)).max(20),
  group: z.string().max(200).optional(),
  handle: z.string().max(200).optional(),
  urgent: z.boolean(),
  legalRoute: z.enum(legalRoutes),
  notes: z.string().max(10_000).optional(),
  /** The page's `<html lang>` as the prefill read it; reportV1 checks it is a language tag. */
  pageLanguage: z.string().max(64).optional(),
  /** The out-links the officer kept checked; reportV1 checks each URL and the count. */
  outLinks: z.array(z.string().max(4096)).max(50).optional(),
  /** Indicators the officer typed, one per line; the popup reads each with the server's extractors. */
  manualIndicators: z.array(z.string().max(200)).max(20).optional(),
});
export type ReportForm = z.infer<typeof reportForm>;

export const submitOutcome = z.discriminatedUnion('state', [
  z.object({ state: z.literal('sent'), submissionId: z.string(), referralId: z.string().optional() }),
  z.object({ state: z.literal('queued'), submissionId: z.string(), reason: z.enum(['retry', 'auth']), message: z.string() }),
  z.object({ state: z.literal('rejected'), submissionId: z.string(), status: z.number().int(), message: z.string() }),
  z.object({ state: z.literal('invalid'), issues: z.array(z.object({ path: z.string(), message: z.string() })) }),
]);
export type SubmitOutcome = z.infer<typeof submitOutcome>;

export const messageSchemas = {
  /**
   * Everything the popup's form needs when it opens for a tab. The deconfliction answer is asked
   * for apart (`lookupPage`): it waits on the network, and the form must not wait with it.
   */
  getPopupState: {
    request: z.object({ tabId }),
    response: z.object({
      prefill: prefillView,
      outbox: outboxView,
      auth: authView,
      capture: z.object({ mhtml: z.boolean() }),
    }),
  },
  submitReport: {
    request: z.object({
      tabId,
      form: reportForm,
      capture: z.object({ screenshot: z.boolean(), mhtml: z.boolean() }),
    }),
    response: submitOutcome,
  },
  /** What the desk holds for the tab's page (the form's address): referred or not, and any holds. */
  lookupPage: { request: z.object({ tabId, url: z.string().max(4096) }), response: lookupView },
  getOutbox: { request: z.object({}), response: outboxView },
  retryOutbox: { request: z.object({}), response: outboxView },
  dismissRejected: { request: z.object({ submissionId: z.string().max(100) }), response: outboxView },
  getSettings: { request: z.object({}), response: settingsView },
  saveSettings: {
    request: z.object({ apiUrl: z.url({ protocol: /^https?$/ }).max(2048), autoLookup: z.boolean() }),
    response: settingsView,
  },
  /** A pasted token for the local stack; null forgets it. The token goes in, never comes back out. */
  setDevToken: { request: z.object({ token: z.string().trim().min(1).max(8_000).nullable() }), response: settingsView },
  signIn: { request: z.object({}), response: settingsView },
  signOut: { request: z.object({}), response: settingsView },
  /** Queue, lifecycle, trends and bulk upload for the dashboard page (dashboard/messages.ts). */
  ...dashboardMessageSchemas,
} as const;

export type MessageName = keyof typeof messageSchemas;
export type MessageRequest<N extends MessageName> = z.input<(typeof messageSchemas)[N]['request']>;
export type MessageResponse<N extends MessageName> = z.output<(typeof messageSchemas)[N]['response']>;
type HandlerRequest<N extends MessageName> = z.output<(typeof messageSchemas)[N]['request']>;
type HandlerResponse<N extends MessageName> = z.input<(typeof messageSchemas)[N]['response']>;

const messageNames = Object.keys(messageSchemas) as [MessageName, ...MessageName[]];
const envelope = z.strictObject({ name: z.enum(messageNames), data: z.unknown() });

export const messageErrorCodes = ['invalid_message', 'forbidden_sender', 'handler_failed'] as const;
const reply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.enum(messageErrorCodes), message: z.string() }) }),
]);
type Reply = z.infer<typeof reply>;

export class MessageError extends Error {
  constructor(
    readonly code: (typeof messageErrorCodes)[number],
    message: string,
  ) {
    super(message);
  }
}

export interface MessageRuntime {
  sendMessage(message: unknown): Promise<unknown>;
}

/** Sends a typed message to the background and returns its validated answer. */
export const sendMessage = async <N extends MessageName>(
  runtime: MessageRuntime,
  name: N,
  data: MessageRequest<N>,
): Promise<MessageResponse<N>> => {
  const schema = messageSchemas[name];
  const raw = await runtime.sendMessage({ name, data: schema.request.parse(data) });
  const answer = reply.parse(raw);
  if (!answer.ok) throw new MessageError(answer.error.code, answer.error.message);
  return schema.response.parse(answer.value) as MessageResponse<N>;
};

export type MessageHandlers = {
  [N in MessageName]: (data: HandlerRequest<N>) => Promise<HandlerResponse<N>>;
};

export interface MessageSender {
  id?: string;
  url?: string;
}

/**
 * The background's one onMessage listener. Only the extension's own pages may call it:
 * an injected script or another extension has a different sender URL or id.
 */
export const createMessageListener =
  (handlers: MessageHandlers, self: { id: string; origin: string }) =>
  async (message: unknown, sender: MessageSender): Promise<Reply> => {
    if (sender.id !== self.id || sender.url === undefined || !sender.url.startsWith(self.origin)) {
      return { ok: false, error: { code: 'forbidden_sender', message: 'messages are accepted from extension pages only' } };
    }
    const parsedEnvelope = envelope.safeParse(message);
    if (!parsedEnvelope.success) return { ok: false, error: { code: 'invalid_message', message: 'unknown message' } };
    const { name, data } = parsedEnvelope.data;
    const schema = messageSchemas[name];
    const request = schema.request.safeParse(data);
    if (!request.success) return { ok: false, error: { code: 'invalid_message', message: z.prettifyError(request.error) } };
    try {
      const handler = handlers[name] as (data: unknown) => Promise<unknown>;
      // The answer is validated here too, so a handler bug cannot leak fields (a token) the schema does not name.
      return { ok: true, value: schema.response.parse(await handler(request.data)) };
    } catch (error) {
      // The page shows the message; the stack stays in the service worker console for support.
      console.error(`[referral-desk] ${name} failed`, error);
      return { ok: false, error: { code: 'handler_failed', message: error instanceof Error ? error.message : String(error) } };
    }
  };

/**
 * Adapts the listener to the callback form every runtime understands (Chrome, Firefox, the
 * polyfill, the fake browser): answer through sendResponse and return true to keep the channel open.
 */
export const asRuntimeListener =
  (listener: (message: unknown, sender: MessageSender) => Promise<Reply>) =>
  (message: unknown, sender: MessageSender, sendResponse: (answer: Reply) => void): true => {
    void listener(message, sender).then(sendResponse);
    return true;
  };
