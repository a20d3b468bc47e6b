import type { SettingsView } from './messaging';

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
