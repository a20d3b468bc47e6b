import type { SettingsView } from '../messaging';

export const describeAuth = (auth: SettingsView['auth']): string => {
  if (auth.method === 'oauth') return 'Signed in with the unit account.';
  if (auth.method === 'dev') return 'Using a development token.';
  return auth.cognitoConfigured ? 'Not signed in.' : 'Not signed in. Unit sign-in is not configured in this build; paste a development token.';
};

export const renderSettings = (doc: Document, view: SettingsView): void => {
  (doc.getElementById('api-url') as HTMLInputElement).value = view.apiUrl;
  (doc.getElementById('auto-lookup') as HTMLInputElement).checked = view.autoLookup;
  (doc.getElementById('auth-status') as HTMLElement).textContent = describeAuth(view.auth);
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
