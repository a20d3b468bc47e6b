import { browser } from 'wxt/browser';
import { sendMessage, type SettingsView } from '../../utils/messaging';
import { apiOriginPattern, renderSettings } from '../../utils/options/options-view';
import { localizePage, t } from '../../utils/i18n';

localizePage(document);

const result = document.getElementById('options-result') as HTMLElement;
const show = (message: string, isError = false, state = isError ? 'error' : 'shown'): void => {
  result.textContent = message;
  result.classList.toggle('error', isError);
  // What tests and scripts wait for, whatever the language.
  result.dataset['state'] = state;
};
const fail = (error: unknown): void => show(error instanceof Error ? error.message : String(error), true);
const render = (view: SettingsView): void => renderSettings(document, view);

document.getElementById('settings-form')?.addEventListener('submit', (event) => {
  event.preventDefault();
  const apiUrl = (document.getElementById('api-url') as HTMLInputElement).value.trim();
  const autoLookup = (document.getElementById('auto-lookup') as HTMLInputElement).checked;
  // Checking pages on navigation needs to see tab URLs: ask for that permission only when it is wanted.
  const permitted = autoLookup ? browser.permissions.request({ permissions: ['tabs'] }) : Promise.resolve(true);
  // An API outside the built-in origins (another deployment) needs its host permission, granted
  // by the officer here, in the click that saves it.
  const origin = apiOriginPattern(apiUrl);
  const apiPermitted = origin === undefined ? Promise.resolve(true) : browser.permissions.request({ origins: [origin] });
  void Promise.all([permitted, apiPermitted])
    .then(([granted, apiGranted]) => {
      if (!apiGranted) throw new Error(t('optionsNoApiAccess', origin ?? apiUrl));
      return sendMessage(browser.runtime, 'saveSettings', { apiUrl, autoLookup: autoLookup && granted });
    })
    .then((view) => {
      render(view);
      show(t('optionsSaved'), false, 'saved');
    })
    .catch(fail);
});

document.getElementById('dev-token-form')?.addEventListener('submit', (event) => {
  event.preventDefault();
  const field = document.getElementById('dev-token') as HTMLInputElement;
  void sendMessage(browser.runtime, 'setDevToken', { token: field.value })
    .then((view) => {
      field.value = '';
      render(view);
      show(t('optionsTokenSaved'), false, 'token-saved');
    })
    .catch(fail);
});

document.getElementById('sign-in')?.addEventListener('click', () => {
  void sendMessage(browser.runtime, 'signIn', {}).then(render).catch(fail);
});
document.getElementById('sign-out')?.addEventListener('click', () => {
  void sendMessage(browser.runtime, 'signOut', {}).then(render).catch(fail);
});

document.getElementById('open-dashboard')?.addEventListener('click', (event) => {
  event.preventDefault();
  void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') });
});

void sendMessage(browser.runtime, 'getSettings', {})
  .then((view) => {
    render(view);
    document.body.dataset.ready = 'true';
  })
  .catch(fail);
