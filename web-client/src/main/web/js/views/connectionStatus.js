// A visible line about the connection, shown only when it is not simply working.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { ConnectionState } from '../connection.js';

export class ConnectionStatus {
  #connection;
  #off = [];
  #timer = null;

  constructor(connection) {
    this.#connection = connection;
    // Only the stable sentence is in the live region; the ticking countdown is not, so a screen reader
    // does not read out every second.
    this.text = h('span', { class: 'conn__text', role: 'status' });
    this.countdown = h('span', { class: 'conn__countdown', 'aria-hidden': 'true' });
    this.retryButton = h('button', { type: 'button', class: 'btn btn--small btn--secondary', onclick: () => connection.retryNow() }, t('connection.retryNow'));
    this.element = h('div', { class: 'conn', hidden: true }, this.text, ' ', this.countdown, ' ', this.retryButton);
    this.#off.push(connection.on('state', () => this.#render()));
    this.#render();
  }

  #render() {
    const c = this.#connection;
    clearTimeout(this.#timer);
    const state = c.state;
    this.element.hidden = state === ConnectionState.OPEN || state === ConnectionState.IDLE || state === ConnectionState.ENDED;
    this.element.dataset.state = state;
    this.retryButton.hidden = true;
    this.countdown.textContent = '';
    if (state === ConnectionState.CONNECTING) {
      this.#setText(t('connection.connecting'));
    } else if (state === ConnectionState.RECONNECTING) {
      const seconds = Math.ceil((c.retryAt - Date.now()) / 1000);
      if (c.retryAt && seconds > 0) {
        this.#setText(t('connection.lost'));
        this.countdown.textContent = t('connection.retryIn', { n: seconds });
        this.retryButton.hidden = false;
        this.#timer = setTimeout(() => this.#render(), 1000);
      } else {
        this.#setText(t('connection.reconnecting'));
      }
    }
  }

  #setText(text) {
    if (this.text.textContent !== text) this.text.textContent = text;
  }

  dispose() {
    clearTimeout(this.#timer);
    for (const off of this.#off) off();
  }
}
