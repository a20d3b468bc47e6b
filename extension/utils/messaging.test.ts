import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { dashboardMessageSchemas } from './dashboard/messages';
import { asRuntimeListener, createMessageListener, MessageError, sendMessage, type MessageHandlers } from './messaging';
import { sendPopupMessage } from './reporting/popup-sender';

const self = { id: 'ext-id', origin: 'chrome-extension://ext-id' };
const popup = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };

const settings = { apiUrl: 'http://127.0.0.1:8787', autoLookup: false, auth: { signedIn: true, method: 'dev' as const, cognitoConfigured: false } };

const handlers = (overrides: Partial<MessageHandlers> = {}): MessageHandlers => {
  const fail = async (): Promise<never> => {
    throw new Error('not under test');
  };
  return {
    getPopupState: fail,
    checkForm: fail,
    getGroups: fail,
    lookupPage: fail,
    submitReport: fail,
    getOutbox: async () => ({ waiting: 2, rejected: [] }),
    retryOutbox: fail,
    dismissRejected: fail,
    getSettings: async () => settings,
    saveSettings: fail,
    setDevToken: fail,
    signIn: fail,
    signOut: fail,
    // The dashboard's messages are tested in dashboard/background-handlers.test.ts.
    ...(Object.fromEntries(Object.keys(dashboardMessageSchemas).map((name) => [name, fail])) as unknown as Pick<MessageHandlers, keyof typeof dashboardMessageSchemas>),
    ...overrides,
  };
};

describe('message listener', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('answers a valid request from an extension page', async () => {
    const listener = createMessageListener(handlers(), self);
    expect(await listener({ name: 'getOutbox', data: {} }, popup)).toEqual({ ok: true, value: { waiting: 2, rejected: [] } });
  });

  it('refuses senders that are not extension pages', async () => {
    const listener = createMessageListener(handlers(), self);
    for (const sender of [{ id: 'ext-id', url: 'https://evil.example/' }, { id: 'other', url: 'chrome-extension://other/x.html' }, { id: 'ext-id' }]) {
      expect(await listener({ name: 'getOutbox', data: {} }, sender)).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    }
  });

  it('refuses unknown names, extra envelope fields and invalid payloads before any handler runs', async () => {
    const submitReport = vi.fn();
    const listener = createMessageListener(handlers({ submitReport }), self);
    expect(await listener({ name: 'getToken', data: {} }, popup)).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    expect(await listener({ name: 'getOutbox', data: {}, extra: 1 }, popup)).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    expect(await listener('getOutbox', popup)).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    const invalid = await listener({ name: 'submitReport', data: { tabId: -1, form: {}, capture: {} } }, popup);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    expect(submitReport).not.toHaveBeenCalled();
  });

  it("hands a form with mistakes to the form's check, which names them, rather than refusing the message", async () => {
    const listener = createMessageListener(handlers({ checkForm: async () => [{ fieldId: 'category', sentence: 'Choose a category.' }] }), self);
    const answer = await listener({ name: 'checkForm', data: { form: { url: 'not a url', category: '' } } }, popup);
    expect(answer).toEqual({ ok: true, value: [{ fieldId: 'category', sentence: 'Choose a category.' }] });
    expect(await listener({ name: 'checkForm', data: { form: 'a string' } }, popup)).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
  });

  it('strips fields the response schema does not name, so a token cannot leak to a page', async () => {
    const leaky = handlers({ getSettings: async () => ({ ...settings, accessToken: 'secret' }) as typeof settings });
    const answer = await createMessageListener(leaky, self)({ name: 'getSettings', data: {} }, popup);
    expect(JSON.stringify(answer)).not.toContain('secret');
  });

  it('turns handler failures into an error value', async () => {
    const listener = createMessageListener(handlers(), self);
    expect(await listener({ name: 'signIn', data: {} }, popup)).toEqual({ ok: false, error: { code: 'handler_failed', message: 'not under test' } });
  });
});

describe('sendMessage', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('round-trips through runtime messaging with validation on both ends', async () => {
    const listener = createMessageListener(handlers(), self);
    fakeBrowser.runtime.onMessage.addListener(asRuntimeListener((message) => listener(message, popup)));
    expect(await sendMessage(fakeBrowser.runtime, 'getSettings', {})).toEqual(settings);
  });

  it('throws the background error as a MessageError', async () => {
    const listener = createMessageListener(handlers(), self);
    fakeBrowser.runtime.onMessage.addListener(asRuntimeListener((message) => listener(message, popup)));
    await expect(sendMessage(fakeBrowser.runtime, 'signOut', {})).rejects.toBeInstanceOf(MessageError);
  });

  it('refuses to send an invalid request', async () => {
    const runtime = { sendMessage: vi.fn() };
    await expect(sendMessage(runtime, 'saveSettings', { apiUrl: 'javascript:alert(1)', autoLookup: false })).rejects.toThrow();
    expect(runtime.sendMessage).not.toHaveBeenCalled();
  });

  it('refuses an answer that does not match the response schema', async () => {
    const runtime = { sendMessage: vi.fn(async () => ({ ok: true, value: { waiting: 'many' } })) };
    await expect(sendMessage(runtime, 'getOutbox', {})).rejects.toThrow();
  });
});

describe('sendPopupMessage', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('round-trips through the background listener, which validates the request and the answer', async () => {
    const listener = createMessageListener(handlers(), self);
    fakeBrowser.runtime.onMessage.addListener(asRuntimeListener((message) => listener(message, popup)));
    expect(await sendPopupMessage(fakeBrowser.runtime, 'getOutbox', {})).toEqual({ waiting: 2, rejected: [] });
  });

  it('gets an invalid request refused by the background before any handler runs', async () => {
    const submitReport = vi.fn();
    const listener = createMessageListener(handlers({ submitReport }), self);
    fakeBrowser.runtime.onMessage.addListener(asRuntimeListener((message) => listener(message, popup)));
    const invalid = { tabId: -1, form: {}, capture: { screenshot: false, mhtml: false } } as unknown as Parameters<typeof sendPopupMessage<'submitReport'>>[2];
    await expect(sendPopupMessage(fakeBrowser.runtime, 'submitReport', invalid)).rejects.toMatchObject({ code: 'invalid_message' });
    expect(submitReport).not.toHaveBeenCalled();
  });

  it('throws the background error as a MessageError', async () => {
    const listener = createMessageListener(handlers(), self);
    fakeBrowser.runtime.onMessage.addListener(asRuntimeListener((message) => listener(message, popup)));
    await expect(sendPopupMessage(fakeBrowser.runtime, 'retryOutbox', {})).rejects.toBeInstanceOf(MessageError);
  });

  it('refuses a reply that is not the listener envelope', async () => {
    for (const raw of [undefined, 'ok', { ok: true }, { ok: false, error: { code: 'teapot', message: 'x' } }]) {
      await expect(sendPopupMessage({ sendMessage: async () => raw }, 'getOutbox', {})).rejects.toThrow("the extension's background did not answer");
    }
  });
});
