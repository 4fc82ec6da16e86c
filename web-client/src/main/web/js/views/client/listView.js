// /s/<org>: the organisation's office hours, each with whether it is open now.
import { h, replaceChildren } from '../../dom.js';
import { t } from '../../i18n.js';
import { officeHourStatuses, ApiError } from '../../api.js';
import { dayAndTime, openUntilText, parseTime } from '../../format.js';

export class ClientListView {
  #organisation;

  constructor({ organisation }) {
    this.#organisation = organisation;
    this.section = h('section', { class: 'card' });
  }

  async mount(root) {
    root.append(this.section);
    this.section.append(h('p', { class: 'loading' }, t('common.loading')));
    try {
      const { statuses = [] } = await officeHourStatuses(this.#organisation);
      this.#render(statuses);
    } catch (err) {
      const kind = err instanceof ApiError && err.status === 404 ? 'notFound' : 'loadFailed';
      this.section.replaceChildren(h('h1', {}, t(`list.${kind}.title`)), h('p', {}, t(`list.${kind}.text`)));
    }
  }

  #render(statuses) {
    const organisationName = statuses[0]?.organisationName;
    const items = statuses.map((s) => {
      const tz = s.timeZone || 'Europe/Amsterdam';
      const open = s.open && s.accepting;
      let when;
      if (s.open && s.closesAt) when = openUntilText(parseTime(s.closesAt), tz);
      else if (!s.open && s.nextOpening) when = t('status.nextOpening', { when: dayAndTime(parseTime(s.nextOpening), tz) });
      else when = '';
      const href = `/s/${encodeURIComponent(this.#organisation)}/${encodeURIComponent(s.slug)}`;
      return h(
        'li',
        { class: 'oh-list__item' },
        h('a', { href, class: 'oh-list__link', 'data-link': '' }, h('span', { class: 'oh-list__name' }, s.name)),
        h('p', { class: ['badge', `badge--${open ? 'open' : 'closed'}`] }, t(open ? 'status.badgeOpen' : 'status.badgeClosed')),
        s.description ? h('p', { class: 'oh-list__description' }, s.description) : null,
        when ? h('p', { class: 'muted' }, when) : null,
      );
    });
    // dom.js replaceChildren skips absent parts (null); the DOM method would print "null".
    replaceChildren(this.section,
      organisationName ? h('p', { class: 'status__org' }, organisationName) : null,
      h('h1', {}, t('list.title')),
      items.length ? h('p', {}, t('list.intro')) : h('p', {}, t('list.empty')),
      items.length ? h('ul', { class: 'oh-list' }, items) : null,
    );
  }

  dispose() {}
}
