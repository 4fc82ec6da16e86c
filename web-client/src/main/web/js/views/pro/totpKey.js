// The TOTP key of an enrolment, for an authenticator app: the QR code (drawn as SVG from the server's path data,
// with DOM calls, so nothing leaves the page) and the same key to type in, grouped by four. No innerHTML.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';

const SVG = 'http://www.w3.org/2000/svg';

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP" (easier to read and type). Pure: unit-tested. */
export function groupKey(key) {
  return (key || '').replace(/(.{4})(?=.)/g, '$1 ');
}

/** A 6-digit code, or a recovery code (12 letters/digits, dashes and spaces allowed). Pure: unit-tested. */
export function plausibleCode(text) {
  const compact = (text || '').replace(/[\s-]/g, '');
  return /^[0-9]{6}$/.test(compact) || /^[a-z2-9]{12}$/i.test(compact);
}

/** {manualKey, qrPath, qrSize} (proto JSON or the login answer) → a figure with the QR code and the key. */
export function totpKeyFigure({ manualKey, qrPath, qrSize }) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${qrSize} ${qrSize}`);
  svg.setAttribute('width', '200');
  svg.setAttribute('height', '200');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('pro.security.qrLabel'));
  svg.setAttribute('class', 'totp-qr');
  const background = document.createElementNS(SVG, 'rect');
  background.setAttribute('width', String(qrSize));
  background.setAttribute('height', String(qrSize));
  background.setAttribute('fill', '#fff');
  const modules = document.createElementNS(SVG, 'path');
  modules.setAttribute('d', qrPath);
  modules.setAttribute('fill', '#000');
  svg.append(background, modules);
  return h(
    'figure',
    { class: 'totp-key' },
    svg,
    h('figcaption', {}, t('pro.security.manualKey'), ' ', h('code', { class: 'totp-key__text', 'data-manual-key': manualKey, translate: 'no' }, groupKey(manualKey))),
  );
}

/** The recovery codes, shown once, with what to do with them. */
export function recoveryCodesBlock(codes) {
  return h(
    'div',
    { class: 'recovery-codes' },
    h('h2', {}, t('pro.security.recoveryTitle')),
    h('p', {}, t('pro.security.recoveryText')),
    h('ul', { class: 'recovery-codes__list', translate: 'no' }, codes.map((code) => h('li', {}, h('code', {}, code)))),
  );
}
