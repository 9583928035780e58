// The frame of every page: skip link, navigation by role, language switch, sign-in state.
import { html } from 'htm/preact';

import { useApp } from '../lib/context.js';
import { Link, navigate, useLocation } from '../lib/router.js';

export function Header() {
  const { t, lang, setLang, session, signOut } = useApp();
  const { path } = useLocation();
  const links = [
    ['/', t('nav_tenders')],
    ['/contracts', t('nav_contracts')],
    ['/red-flags', t('nav_red_flags')],
    ['/indicators', t('nav_indicators')],
    ['/open-data', t('nav_open_data')],
  ];
  if (session) links.push(['/workspace', t('nav_workspace')]);
  return html`<header class="site-header">
    <a class="skip" href="#main">${t('skip_to_content')}</a>
    <div class="brand"><${Link} href="/">${t('app_name')}</${Link}></div>
    <nav aria-label=${t('main_navigation')}>
      <ul>${links.map(([href, text]) => html`<li><${Link} href=${href}
        aria-current=${path === href ? 'page' : undefined}>${text}</${Link}></li>`)}</ul>
    </nav>
    <div class="session">
      <button type="button" class="link" lang=${lang === 'zh' ? 'en' : 'zh-CN'}
        onClick=${() => setLang(lang === 'zh' ? 'en' : 'zh')}>${lang === 'zh' ? 'English' : '中文'}</button>
      ${session
        ? html`<span class="who" data-role=${session.role}>${session.display_name ?? ''} · ${t(`role_${session.role}`)}</span>
            <button type="button" class="link" id="sign-out" onClick=${() => { signOut(); navigate('/'); }}>${t('sign_out')}</button>`
        : html`<${Link} href="/signin" id="sign-in-link">${t('sign_in')}</${Link}>`}
    </div>
  </header>`;
}
