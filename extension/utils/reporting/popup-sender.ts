import type * as z from 'zod';
import { valueOfReply, type MessageRuntime } from '../message-transport';
import type { PopupMessageName, popupMessageSchemas } from './popup-messages';

export type PopupRequest<N extends PopupMessageName> = z.input<(typeof popupMessageSchemas)[N]['request']>;
export type PopupResponse<N extends PopupMessageName> = z.output<(typeof popupMessageSchemas)[N]['response']>;

/**
 * Sends one of the popup's messages to the background. Typed by the schemas but not checked
 * against them here: the background's listener parses every request and every answer with the
 * same schemas before anything leaves it (createMessageListener), so checking again in the popup
 * would only make every popup open load zod and the contract, the bulk of its time to interactive.
 */
export const sendPopupMessage = async <N extends PopupMessageName>(runtime: MessageRuntime, name: N, data: PopupRequest<N>): Promise<PopupResponse<N>> =>
  valueOfReply(await runtime.sendMessage({ name, data })) as PopupResponse<N>;
