import type { SettingsView } from '../messaging';
import { t } from '../i18n';

export const describeAuth = (auth: SettingsView['auth']): string => {
  if (auth.method === 'oauth') return t('authOauth');
  if (auth.method === 'dev') return t('authDev');
  return auth.cognitoConfigured ? t('authNone') : t('authNoneUnconfigured');
};

export const renderSettings = (doc: Document, view: SettingsView): void => {
  (doc.getElementById('api-url') as HTMLInputElement).value = view.apiUrl;
  (doc.getElementById('auto-lookup') as HTMLInputElement).checked = view.autoLookup;
  const status = doc.getElementById('auth-status') as HTMLElement;
  status.textContent = describeAuth(view.auth);
  // What tests and scripts wait for, whatever the language.
  status.dataset['method'] = view.auth.method ?? 'none';
  (doc.getElementById('sign-in') as HTMLButtonElement).disabled = !view.auth.cognitoConfigured;
  (doc.getElementById('sign-out') as HTMLButtonElement).disabled = !view.auth.signedIn;
};

/**
 * The host-permission pattern of an https API URL, or undefined when none is needed to ask
 * for (local http APIs are covered by the manifest; an unparseable URL is refused on save).
 */
export const apiOriginPattern = (apiUrl: string): string | undefined => {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:') return undefined;
  return `https://${url.hostname}/*`;
};
