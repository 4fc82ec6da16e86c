// "/": what Spreekuur is, in plain words, with the way in for professionals.
import { h } from '../dom.js';
import { t } from '../i18n.js';

export class LandingView {
  mount(root) {
    root.append(
      h(
        'section',
        { class: 'card landing' },
        h('h1', {}, t('landing.title')),
        h('p', { class: 'lead' }, t('landing.lead')),
        h('h2', {}, t('landing.how.title')),
        h('ol', { class: 'steps' }, ['1', '2', '3'].map((n) => h('li', {}, t(`landing.how.step${n}`)))),
        h('h2', {}, t('landing.find.title')),
        h('p', {}, t('landing.find.text')),
        h('h2', {}, t('landing.safe.title')),
        h('p', {}, t('landing.safe.text')),
      ),
      h(
        'section',
        { class: 'card' },
        h('h2', {}, t('landing.pro.title')),
        h('p', {}, t('landing.pro.text')),
        h('p', {}, h('a', { class: 'btn btn--secondary', href: '/pro/', 'data-link': '' }, t('landing.pro.link'))),
      ),
    );
  }

  dispose() {}
}
