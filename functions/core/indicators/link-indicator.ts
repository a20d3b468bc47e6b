/**
 * Payment, crowdfunding and messenger links: the host decides the platform, the first path
 * segment the account. Values are canonical, scheme-less and lower case ('paypal.me/name'),
 * except invite and Signal links, whose codes are case-sensitive.
 */
export type LinkIndicatorType = 'payment_link' | 'messenger_handle';

export interface LinkIndicator {
  type: LinkIndicatorType;
  value: string;
  rule: string;
}

/** Hosts (and path prefixes) we read, as they appear after an optional scheme and 'www.'. */
export const linkHostPattern =
  'paypal\\.me|paypal\\.com\\/paypalme|patreon\\.com|gofundme\\.com\\/f|ko-fi\\.com|buymeacoffee\\.com|cash\\.app|liberapay\\.com|opencollective\\.com|donorbox\\.org|givesendgo\\.com|t\\.me|telegram\\.me|telegram\\.dog|wa\\.me|signal\\.me';

/** First path segments that are site pages, not accounts. */
const reservedSegments: Readonly<Record<string, ReadonlySet<string>>> = {
  'patreon.com': new Set(['posts', 'login', 'signup', 'about', 'search', 'home', 'join', 'user', 'pricing', 'creators', 'explore', 'messages', 'settings', 'notifications', 'policy', 'legal', 'apps', 'product', 'checkout', 'cart', 'collection', 'm']),
  'ko-fi.com': new Set(['home', 'explore', 'manage', 'account', 's', 'i', 'post', 'album', 'shop', 'login', 'signup', 'about', 'blog', 'faq', 'features', 'gold', 'legal']),
  'buymeacoffee.com': new Set(['explore', 'faq', 'about', 'login', 'signup', 'auth', 'privacy', 'terms', 'dashboard', 'features', 'pricing', 'blog', 'apps', 'brand']),
  'liberapay.com': new Set(['about', 'explore', 'sign-in', 'sign-up', 'search', 'for', 'admin', 'migrate']),
  'opencollective.com': new Set(['discover', 'search', 'signin', 'create', 'pricing', 'help', 'how-it-works', 'become-a-host', 'home', 'e2c', 'fiscal-hosting']),
  'donorbox.org': new Set(['nonprofit-blog', 'pricing', 'features', 'login', 'signup', 'user', 'orgs', 'integrations', 'about', 'discover']),
  'givesendgo.com': new Set(['campaigns', 'login', 'signup', 'about', 'search', 'faq', 'pricing', 'how-it-works', 'discover', 'blog', 'contact']),
  't.me': new Set(['share', 'addstickers', 'addemoji', 'proxy', 'socks', 'iv', 'login', 'setlanguage', 'addtheme', 'confirmphone', 'c', 'contact', 'boost', 'addlist', 'invoice', 'bg', 'm']),
};

const accountSegment = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}/;
const telegramUsername = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;
const telegramInvite = /^(?:\+|joinchat\/)([A-Za-z0-9_-]{10,64})/;
const whatsappNumber = /^\+?([0-9]{7,15})(?![0-9])/;
const signalLink = /^#(?:p|eu)\/[A-Za-z0-9+/=_.~-]{4,200}/;
const cashtag = /^\$?([A-Za-z][A-Za-z0-9_-]{0,19})(?![A-Za-z0-9_-])/;

/** First path segment, without trailing dots and hyphens that belong to the sentence. */
const readAccount = (path: string): string | undefined => {
  const match = accountSegment.exec(path);
  if (!match) return undefined;
  const name = match[0].replace(/[.-]+$/, '');
  return name === '' ? undefined : name.toLowerCase();
};

const payment = (value: string, rule: string): LinkIndicator => ({ type: 'payment_link', value, rule });
const messenger = (value: string, rule: string): LinkIndicator => ({ type: 'messenger_handle', value, rule });

/**
 * Reads the account from `path` (the text after `host/`). `host` is one of linkHostPattern's
 * alternatives, in any case. Returns undefined when the path names no account.
 */
export const parseLinkIndicator = (hostMatch: string, path: string): LinkIndicator | undefined => {
  const host = hostMatch.toLowerCase();
  switch (host) {
    case 'paypal.me':
    case 'paypal.com/paypalme': {
      const name = readAccount(path);
      return name ? payment(`paypal.me/${name}`, 'paypal-me-link') : undefined;
    }
    case 'cash.app': {
      const match = cashtag.exec(path);
      return match?.[1] ? payment(`cash.app/$${match[1].toLowerCase()}`, 'cash-app-link') : undefined;
    }
    case 'gofundme.com/f': {
      const name = readAccount(path);
      return name ? payment(`gofundme.com/f/${name}`, 'gofundme-link') : undefined;
    }
    case 'patreon.com': {
      // patreon.com/c/NAME is the newer creator URL for patreon.com/NAME.
      const name = readAccount(path.toLowerCase().startsWith('c/') ? path.slice(2) : path);
      if (!name || reservedSegments[host]?.has(name)) return undefined;
      return payment(`patreon.com/${name}`, 'patreon-link');
    }
    case 'ko-fi.com':
    case 'buymeacoffee.com':
    case 'liberapay.com':
    case 'opencollective.com':
    case 'donorbox.org':
    case 'givesendgo.com': {
      const name = readAccount(path);
      if (!name || reservedSegments[host]?.has(name)) return undefined;
      return payment(`${host}/${name}`, `${host.split('.')[0]}-link`);
    }
    case 't.me':
    case 'telegram.me':
    case 'telegram.dog': {
      const invite = telegramInvite.exec(path);
      if (invite?.[1]) return messenger(`t.me/+${invite[1]}`, 'telegram-invite-link');
      // t.me/s/NAME is the web preview of channel NAME.
      const rest = path.toLowerCase().startsWith('s/') ? path.slice(2) : path;
      const name = /^[A-Za-z0-9_]+/.exec(rest)?.[0];
      if (!name || !telegramUsername.test(name) || reservedSegments['t.me']?.has(name.toLowerCase())) return undefined;
      return messenger(`t.me/${name.toLowerCase()}`, 'telegram-link');
    }
    case 'wa.me': {
      const number = whatsappNumber.exec(path)?.[1];
      return number ? messenger(`wa.me/${number}`, 'whatsapp-link') : undefined;
    }
    case 'signal.me': {
      const link = signalLink.exec(path)?.[0];
      return link ? messenger(`signal.me/${link}`, 'signal-link') : undefined;
    }
    default:
      return undefined;
  }
};

const standaloneLink = new RegExp(`^(?:https?:\\/\\/)?(?:www\\.)?(${linkHostPattern})\\/(.+)$`, 'i');

/** Parses a whole link such as 'https://www.paypal.me/Name'. Never throws. */
export const parseLink = (link: string): LinkIndicator | undefined => {
  if (typeof link !== 'string' || link.length > 2048) return undefined;
  const match = standaloneLink.exec(link.trim());
  return match?.[1] && match[2] ? parseLinkIndicator(match[1], match[2]) : undefined;
};

/** A payment or crowdfunding link we recognise (PayPal.me, Patreon, GoFundMe, Ko-fi, ...). */
export const isValidPaymentLink = (link: string): boolean => parseLink(link)?.type === 'payment_link';

/** A messenger contact link we recognise (t.me, telegram.me, wa.me, signal.me). */
export const isValidMessengerLink = (link: string): boolean => parseLink(link)?.type === 'messenger_handle';
