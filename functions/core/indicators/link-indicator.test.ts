import { describe, expect, it } from 'vitest';
import { isValidMessengerLink, isValidPaymentLink, parseLink } from './link-indicator';

describe('parseLink', () => {
  it.each([
    ['paypal.me/SomeName', 'payment_link', 'paypal.me/somename'],
    ['https://www.paypal.com/paypalme/SomeName/25', 'payment_link', 'paypal.me/somename'],
    ['https://patreon.com/Brothers', 'payment_link', 'patreon.com/brothers'],
    ['https://www.patreon.com/c/Brothers', 'payment_link', 'patreon.com/brothers'],
    ['gofundme.com/f/help-the-family-123', 'payment_link', 'gofundme.com/f/help-the-family-123'],
    ['ko-fi.com/SomeOne', 'payment_link', 'ko-fi.com/someone'],
    ['buymeacoffee.com/someone', 'payment_link', 'buymeacoffee.com/someone'],
    ['https://cash.app/$SomeTag', 'payment_link', 'cash.app/$sometag'],
    ['liberapay.com/Someone/donate', 'payment_link', 'liberapay.com/someone'],
    ['opencollective.com/some-collective', 'payment_link', 'opencollective.com/some-collective'],
    ['donorbox.org/some-campaign', 'payment_link', 'donorbox.org/some-campaign'],
    ['givesendgo.com/some-campaign', 'payment_link', 'givesendgo.com/some-campaign'],
    ['https://t.me/SomeChannel', 'messenger_handle', 't.me/somechannel'],
    ['t.me/s/SomeChannel/123', 'messenger_handle', 't.me/somechannel'],
    ['telegram.me/SomeChannel', 'messenger_handle', 't.me/somechannel'],
    ['https://t.me/+AbCdEfGhIjKlMn', 'messenger_handle', 't.me/+AbCdEfGhIjKlMn'],
    ['https://t.me/joinchat/AbCdEfGhIjKlMn', 'messenger_handle', 't.me/+AbCdEfGhIjKlMn'],
    ['https://wa.me/15551234567?text=hi', 'messenger_handle', 'wa.me/15551234567'],
    ['https://signal.me/#eu/AbCd_efGh-1234', 'messenger_handle', 'signal.me/#eu/AbCd_efGh-1234'],
  ])('%s is a %s with value %s', (link, type, value) => {
    expect(parseLink(link)).toMatchObject({ type, value });
  });

  it.each([
    'https://www.patreon.com/posts/12345',
    'https://ko-fi.com/explore',
    'https://t.me/share/url?url=x',
    'https://t.me/c/123456/789',
    'https://t.me/ab',
    'https://wa.me/123',
    'https://signal.me/',
    'https://example.com/paypal.me/x',
    'paypal.me/',
    'mailto:someone@paypal.me',
  ])('%s is not an account link', (link) => {
    expect(parseLink(link)).toBeUndefined();
  });

  it('separates payment from messenger links', () => {
    expect(isValidPaymentLink('paypal.me/x')).toBe(true);
    expect(isValidPaymentLink('t.me/somechannel')).toBe(false);
    expect(isValidMessengerLink('t.me/somechannel')).toBe(true);
  });
});
