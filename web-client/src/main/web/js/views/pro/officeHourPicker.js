// A <select> of the professional's office hours, shared by the offline messages and statistics pages.
import { h, field } from '../../dom.js';
import { t } from '../../i18n.js';

/** The value of the "all office hours" choice (offered with allOption). */
export const ALL_OFFICE_HOURS = '*';

/**
 * Loads the list when the model has none yet. Returns {wrapper, select}. With allOption, the first choice (and
 * the default, when there is more than one office hour) is "all office hours".
 */
export function officeHourPicker({ session, model, onChange, selected = '', allOption = false }) {
  const select = h('select', { name: 'officeHour' });
  const f = field({ label: t('pro.officeHour'), input: select });
  const fill = () => {
    const current = select.value || selected || (allOption && model.order.length > 1 ? ALL_OFFICE_HOURS : '');
    const options = model.order.map((id) => h('option', { value: id, selected: id === current }, model.officeHourName(id) || id));
    if (allOption && model.order.length > 1) {
      options.unshift(h('option', { value: ALL_OFFICE_HOURS, selected: current === ALL_OFFICE_HOURS }, t('pro.officeHour.all')));
    }
    select.replaceChildren(...options);
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
