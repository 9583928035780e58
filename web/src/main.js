// The web app's entry: language and session state, the frame, and the route table.
import './styles.css';

import { render } from 'preact';
import { html } from 'htm/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';

import { Header } from './components/layout.js';
import { get, token } from './lib/api.js';
import { syncClock } from './lib/clock.js';
import { AppContext } from './lib/context.js';
import { translator } from './lib/messages.js';
import { match, useLocation } from './lib/router.js';
import { AccountsPage } from './pages/admin/accounts.js';
import { CataloguePage } from './pages/admin/catalogue.js';
import { EvaluationPage } from './pages/evaluator/evaluation.js';
import { ContractPage } from './pages/public/contract.js';
import { ContractsPage } from './pages/public/contracts.js';
import { IndicatorsPage } from './pages/public/indicators.js';
import { OpenDataPage } from './pages/public/open-data.js';
import { RedFlagsPage } from './pages/public/red-flags.js';
import { TenderPage } from './pages/public/tender.js';
import { TendersPage } from './pages/public/tenders.js';
import { TrackRecordPage } from './pages/public/track-record.js';
import { EstimatePage } from './pages/purchaser/estimate.js';
import { TenderFormPage } from './pages/purchaser/tender-form.js';
import { SignInPage } from './pages/signin.js';
import { BidPage } from './pages/supplier/bid.js';
import { ProfilePage } from './pages/supplier/profile.js';
import { WorkspacePage } from './pages/workspace.js';

const ROUTES = [
  ['/', TendersPage],
  ['/tenders', TendersPage],
  ['/tenders/new', TenderFormPage],
  ['/tenders/:id', TenderPage],
  ['/tenders/:id/edit', TenderFormPage],
  ['/tenders/:id/bid', BidPage],
  ['/contracts', ContractsPage],
  ['/contracts/:id', ContractPage],
  ['/evaluations/:id', EvaluationPage],
  ['/suppliers/:id', TrackRecordPage],
  ['/red-flags', RedFlagsPage],
  ['/indicators', IndicatorsPage],
  ['/open-data', OpenDataPage],
  ['/signin', SignInPage],
  ['/workspace', WorkspacePage],
  ['/estimate', EstimatePage],
  ['/profile', ProfilePage],
  ['/admin/accounts', AccountsPage],
  ['/admin/catalogue', CataloguePage],
];

function Page({ t }) {
  const { path } = useLocation();
  const [, setSynced] = useState(0);
  useEffect(() => { syncClock().then(() => setSynced((round) => round + 1)); }, [path]);
  for (const [pattern, Component] of ROUTES) {
    const params = match(pattern, path);
    if (params) return html`<${Component} key=${path} ...${params} />`;
  }
  return html`<p class="notice warn">${t('page_not_found')}</p>`;
}

function App() {
  const [lang, setLangState] = useState(localStorage.getItem('procura.lang') === 'en' ? 'en' : 'zh');
  const [session, setSession] = useState(null);
  const [checked, setChecked] = useState(!token.get());
  useEffect(() => {
    if (!token.get()) return;
    get('/session').then(setSession).catch(() => token.clear()).finally(() => setChecked(true));
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const context = useMemo(() => ({
    lang,
    t: translator(lang),
    setLang: (next) => { localStorage.setItem('procura.lang', next); setLangState(next); },
    session,
    signIn: setSession,
    signOut: () => { token.clear(); setSession(null); },
  }), [lang, session]);
  return html`<${AppContext.Provider} value=${context}>
    <${Header} />
    <main id="main" tabindex="-1">${checked ? html`<${Page} t=${context.t} />` : null}</main>
    <footer class="site-footer"><p>${context.t('footer')}</p></footer>
  </${AppContext.Provider}>`;
}

render(html`<${App} />`, document.getElementById('app'));
