// The app shell: picks a view from location.pathname, draws the top bar (language, quick exit on client
// pages) and hands the view the <main> element.
//   /                          landing page (what Spreekuur is, link for professionals)
//   /s/<org>                   the organisation's office hours
//   /s/<org>/<officeHourSlug>  one office hour: the stable link an organisation puts on its website
//   /v/<code>                  a scheduled video consult's one-time link
//   /g/<code>                  a group room's invite link, and the member's room behind it
//   /g/k/<code>                a closed group's knock link: ask to join, wait for a moderator
//   /g                         the groups this device is a member of
//   /pro/...                   professionals (login, queue, chats, offline messages, statistics, management)
import { h, focusHeading } from './dom.js';
import { initI18n, loadTexts, t, language, setLanguage } from './i18n.js';
import { quickExit, installShiftShortcut } from './quickexit.js';
import { setBaseTitle, installAttentionReset } from './notify.js';
import { navigate, setRenderer } from './router.js';
import { store } from './store.js';
import { ClientOfficeHourView } from './views/client/officeHourView.js';

/** Route a path to {name, params}. Exported for tests. */
export function matchRoute(pathname) {
  const path = pathname.replace(/\/{2,}/g, '/');
  const segments = path.split('/').filter(Boolean).map(safeDecode);
  if (segments.length === 0 || (segments.length === 1 && segments[0] === 'index.html')) return { name: 'landing', params: {} };
  if (segments[0] === 's' && segments.length === 2) return { name: 'clientList', params: { organisation: segments[1] } };
  if (segments[0] === 's' && segments.length === 3) return { name: 'clientOfficeHour', params: { organisation: segments[1], slug: segments[2] } };
  if (segments[0] === 'v' && segments.length === 2) return { name: 'consultLink', params: { code: segments[1] } };
  if (segments[0] === 'g' && segments.length === 1) return { name: 'myRooms', params: {} };
  if (segments[0] === 'g' && segments.length === 2) return { name: 'roomInvite', params: { code: segments[1] } };
  if (segments[0] === 'g' && segments.length === 3 && segments[1] === 'k') return { name: 'roomKnock', params: { code: segments[2] } };
  if (segments[0] === 'pro') return { name: 'pro', params: { subpath: segments.slice(1) } };
  return { name: 'notFound', params: {} };
}

function safeDecode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const isClientRoute = (name) => ['clientList', 'clientOfficeHour', 'roomInvite', 'roomKnock', 'myRooms', 'consultLink'].includes(name);
/**
 * Every public page (landing, office hours, "not found") has quick exit: a resident may land on any of them.
 * Only the professionals' app has none. Exported for tests.
 */
export const hasQuickExit = (name) => name !== 'pro';

let current = null; // {name, view}
let removeShortcut = null;

function topBar(route) {
  const client = isClientRoute(route.name);
  const exit = hasQuickExit(route.name);
  const other = language() === 'nl' ? 'en' : 'nl';
  const languageButton = h(
    'button',
    { type: 'button', class: ['btn', 'btn--small', exit ? 'btn--secondary' : 'btn--ghost'], lang: other, onclick: () => setLanguage(other) },
    t(`language.switchTo.${other}`),
  );
  const brandHref = route.name === 'pro' ? '/pro/' : client ? null : '/';
  const brand = brandHref
    ? h('a', { class: 'topbar__brand', href: brandHref, 'data-link': '' }, t('app.name'))
    : h('span', { class: 'topbar__brand' }, t('app.name'));
  const tools = h('div', { class: 'topbar__tools', id: 'topbar-tools' }, languageButton);
  if (route.name === 'roomInvite' || route.name === 'myRooms') {
    // Group members: "Hulp nodig?" always in view (the bar is sticky); it leads to the page's help section.
    tools.prepend(h('a', { class: 'btn btn--small btn--secondary topbar__help', href: '#hulp' }, t('room.help.title')));
  }
  if (exit) {
    // Quick exit: always in view (the bar is sticky), and the last thing in the bar so it sits top right.
    tools.append(
      h('p', { class: 'topbar__hint' }, t('quickExit.hint')),
      h('button', { type: 'button', class: 'btn btn--exit', onclick: () => quickExit() }, t('quickExit.button')),
    );
  }
  return h('header', { class: ['topbar', exit && 'topbar--client'] }, h('div', { class: 'topbar__inner' }, brand, tools));
}

/**
 * The start pages (landing, an organisation's office hours, one office hour, "not found") need only the start
 * texts initI18n() loaded; every other page loads its module and the full texts (loadTexts('all')) at the same time
 * and renders when both are there.
 */
async function withAllTexts(loading) {
  const [module] = await Promise.all([loading, loadTexts('all')]);
  return module;
}

async function createView(route) {
  switch (route.name) {
    // The landing page and an organisation's list load their own module (the server preloads it with the page,
    // see PagePreloads.java), so the office hour's page, the link websites give, loads neither.
    case 'landing': {
      const { LandingView } = await import('./views/landing.js');
      return new LandingView();
    }
    case 'clientList': {
      const { ClientListView } = await import('./views/client/listView.js');
      return new ClientListView(route.params);
    }
    case 'clientOfficeHour':
      return new ClientOfficeHourView(route.params);
    case 'consultLink': {
      const { ConsultLinkView } = await withAllTexts(import('./views/client/consultView.js'));
      return new ConsultLinkView(route.params);
    }
    case 'roomInvite': {
      // Group rooms load only on their own pages, so an office hour's start page stays small.
      const { MemberRoomView } = await withAllTexts(import('./views/room/memberRoomView.js'));
      return new MemberRoomView(route.params);
    }
    case 'roomKnock': {
      // Loaded only when a knock link is opened: not part of every start page.
      const { KnockView } = await withAllTexts(import('./views/room/knockView.js'));
      return new KnockView(route.params);
    }
    case 'myRooms': {
      const { MyRoomsView } = await withAllTexts(import('./views/room/memberRoomView.js'));
      return new MyRoomsView();
    }
    case 'pro': {
      // Loaded only when needed: inwoners' phones never download the professional app or its texts.
      const { ProApp } = await withAllTexts(import('./views/pro/proApp.js'));
      return new ProApp(route.params);
    }
    default:
      return new NotFoundView();
  }
}

class NotFoundView {
  mount(root) {
    root.append(
      h('section', { class: 'card' }, h('h1', {}, t('notFound.title')), h('p', {}, t('notFound.text')), h('p', {}, h('a', { href: '/' }, t('notFound.home')))),
    );
  }

  dispose() {}
}

let firstRender = true;

async function render() {
  const route = matchRoute(location.pathname);
  if (current?.name === 'pro' && route.name === 'pro' && current.view.navigate) {
    current.view.navigate(route.params);
    return;
  }
  current?.view.dispose?.();
  removeShortcut?.();
  removeShortcut = null;
  const app = document.getElementById('app');
  const main = h('main', { id: 'main', tabindex: '-1', class: ['main', route.name === 'pro' && 'main--wide'] });
  app.replaceChildren(topBar(route), main, footer());
  if (hasQuickExit(route.name)) removeShortcut = installShiftShortcut();
  // On <html>: its scroll-padding keeps focused and scrolled-to elements out from under the sticky exit bar.
  document.documentElement.classList.toggle('has-exit-bar', hasQuickExit(route.name));
  document.body.classList.toggle('is-wide', route.name === 'pro');
  const view = await createView(route);
  current = { name: route.name, view };
  await view.mount(main);
  // After in-app navigation, put focus on the new page's heading so screen readers announce it.
  if (!firstRender && !main.contains(document.activeElement)) focusHeading(main);
  firstRender = false;
}

function footer() {
  return h('footer', { class: 'footer' }, h('p', {}, t('app.footer')));
}


/** In-app links (data-link) change the URL without reloading, so a professional's socket stays open. */
function interceptLinks() {
  setRenderer(render);
  document.addEventListener('click', (event) => {
    const link = event.target.closest?.('a[data-link]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin) return;
    event.preventDefault();
    navigate(url.pathname);
  });
  window.addEventListener('popstate', () => render());
}

async function start() {
  try {
    await initI18n();
  } catch {
    document.getElementById('app').textContent = 'Spreekuur kan nu niet laden. Probeer het later nog eens.';
    return;
  }
  store.set({ lang: language() });
  document.querySelector('.skip-link').textContent = t('app.skipLink');
  setBaseTitle(t('app.name'));
  installAttentionReset();
  interceptLinks();
  await render();
}

if (typeof document !== 'undefined') start();
