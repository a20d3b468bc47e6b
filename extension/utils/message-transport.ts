/**
 * The envelope every message between an extension page and the background travels in, without
 * zod: the popup sends through this alone (reporting/popup-sender.ts), so opening it loads no
 * schema library. The background's listener (messaging.ts) validates every request and every
 * answer against the message's schemas whoever sent it.
 */

export const messageErrorCodes = ['invalid_message', 'forbidden_sender', 'handler_failed'] as const;
export type MessageErrorCode = (typeof messageErrorCodes)[number];

/** The background's answer to one message: its validated value, or an error as a value. */
export type Reply = { ok: true; value: unknown } | { ok: false; error: { code: MessageErrorCode; message: string } };

export class MessageError extends Error {
  constructor(
    readonly code: MessageErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface MessageRuntime {
  sendMessage(message: unknown): Promise<unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * In the page's language, read from the browser's own i18n: getMessage is synchronous in Chrome and
 * Firefox alike, so this module stays free of the polyfill the popup's first script does without.
 */
const noAnswerSentence = (): string =>
  (globalThis as { chrome?: { i18n?: { getMessage(key: string): string } } }).chrome?.i18n?.getMessage('messageNoAnswer') ||
  'the background gave no answer the extension understands';

/**
 * The value of a reply, or its error thrown as a MessageError. Anything else (no listener
 * answered, another extension's shape) is refused rather than handed to the page as a value.
 */
export const valueOfReply = (raw: unknown): unknown => {
  if (isRecord(raw) && raw['ok'] === true && 'value' in raw) return raw['value'];
  if (isRecord(raw) && raw['ok'] === false && isRecord(raw['error'])) {
    const { code, message } = raw['error'];
    if (typeof code === 'string' && (messageErrorCodes as readonly string[]).includes(code) && typeof message === 'string') {
      throw new MessageError(code as MessageErrorCode, message);
    }
  }
  throw new Error(noAnswerSentence());
};
