import * as z from 'zod';
import { dashboardMessageSchemas } from './dashboard/messages';
import { t } from './i18n';
import { messageErrorCodes, valueOfReply, type MessageRuntime, type Reply } from './message-transport';
import { settingsMessageSchemas } from './options/settings-messages';
import { popupMessageSchemas } from './reporting/popup-messages';

/**
 * Every message between the extension's pages and its background, named once with the
 * zod schema of its request and its response. The background validates every request and
 * every answer, whoever sent it; the dashboard and the options page validate theirs again
 * (sendMessage), the popup sends through reporting/popup-sender.ts, which loads no zod.
 */

export * from './reporting/popup-messages';
export * from './options/settings-messages';
export { messageErrorCodes, MessageError, type MessageRuntime } from './message-transport';

export const messageSchemas = {
  /** The popup's form, its outbox and deconfliction (reporting/popup-messages.ts). */
  ...popupMessageSchemas,
  /** The options page: API address, sign-in (options/settings-messages.ts). */
  ...settingsMessageSchemas,
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

const reply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.enum(messageErrorCodes), message: z.string() }) }),
]);

/** Sends a typed message to the background and returns its validated answer. */
export const sendMessage = async <N extends MessageName>(
  runtime: MessageRuntime,
  name: N,
  data: MessageRequest<N>,
): Promise<MessageResponse<N>> => {
  const schema = messageSchemas[name];
  const raw = await runtime.sendMessage({ name, data: schema.request.parse(data) });
  return schema.response.parse(valueOfReply(reply.parse(raw))) as MessageResponse<N>;
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
      return { ok: false, error: { code: 'forbidden_sender', message: t('messageForbiddenSender') } };
    }
    const parsedEnvelope = envelope.safeParse(message);
    if (!parsedEnvelope.success) return { ok: false, error: { code: 'invalid_message', message: t('messageInvalid') } };
    const { name, data } = parsedEnvelope.data;
    const schema = messageSchemas[name];
    const request = schema.request.safeParse(data);
    if (!request.success) {
      // What was wrong is for whoever wrote the page; the page shows the sentence.
      console.warn(`[referral-desk] ${name} refused:`, z.prettifyError(request.error));
      return { ok: false, error: { code: 'invalid_message', message: t('messageInvalid') } };
    }
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
