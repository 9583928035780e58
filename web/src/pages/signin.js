// Sign-in with a bearer token: checked against /session, kept in sessionStorage only.
import { html } from 'htm/preact';

import { Field, Outcome, Submit, useForm } from '../components/forms.js';
import { get, token } from '../lib/api.js';
import { useApp } from '../lib/context.js';
import { navigate } from '../lib/router.js';

export function SignInPage() {
  const { t, signIn } = useApp();
  const form = useForm({ token: '' });
  const submit = (event) => {
    event.preventDefault();
    form.submit(async ({ token: secret }) => {
      token.set(secret.trim());
      try {
        const session = await get('/session');
        signIn(session);
        navigate('/workspace');
        return session;
      } catch (error) {
        token.clear();
        throw error;
      }
    });
  };
  return html`<div class="narrow">
    <h1>${t('sign_in')}</h1>
    <p>${t('sign_in_help')}</p>
    <form onSubmit=${submit} class="card">
      <${Field} form=${form} name="token" type="password" label=${t('token')} autocomplete="off" required />
      <${Outcome} form=${form} />
      <${Submit} form=${form}>${t('sign_in')}</${Submit}>
    </form>
  </div>`;
}
