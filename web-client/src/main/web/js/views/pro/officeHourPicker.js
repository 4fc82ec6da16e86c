// A <select> of the professional's office hours, shared by the offline messages and statistics pages.
import { h, field } from '../../dom.js';
import { t } from '../../i18n.js';

/** Loads the list when the model has none yet. Returns {wrapper, select}. */
export function officeHourPicker({ session, model, onChange, selected = '' }) {
  const select = h('select', { name: 'officeHour' });
  const f = field({ label: t('pro.officeHour'), input: select });
  const fill = () => {
    const current = select.value || selected;
    select.replaceChildren(...model.order.map((id) => h('option', { value: id, selected: id === current }, model.officeHourName(id) || id)));
    if (!select.value && model.order.length) select.value = model.order[0];
  };
  fill();
  if (!model.order.length) {
    session.connection
      .request({ listOfficeHours: {} })
      .then(({ payload }) => {
        model.setOfficeHourList(payload);
        fill();
        onChange(select.value);
      })
      .catch(() => {});
  }
  select.addEventListener('change', () => onChange(select.value));
  return { wrapper: f.wrapper, select };
}
