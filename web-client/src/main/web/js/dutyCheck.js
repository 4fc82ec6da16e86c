// "Ben je nog in dienst?": a professional on duty who has not touched the app for a long time (keyboard, pointer)
// and holds no chat is asked whether they are still there. No answer within a few minutes takes them off duty, so
// clients do not queue for someone who went home with the browser open. (A closed browser is the server's job:
// officehours.staff-off-duty-grace-seconds.) No DOM: the caller feeds activity and shows the question.
import { Emitter } from './emitter.js';

/** Quiet this long (on duty, no chat) before asking. */
export const DUTY_CHECK_AFTER_MS = 60 * 60 * 1000;
/** How long the question waits for an answer before going off duty. */
export const DUTY_CHECK_ANSWER_MS = 5 * 60 * 1000;

/**
 * Events: 'ask' (show the question), 'expired' (no answer: go off duty; the question should close).
 */
export class DutyCheck extends Emitter {
  #options;
  #timer = null;
  #asking = false;

  /**
   * @param {object} options
   * @param {() => boolean} options.shouldAsk on duty somewhere and holding no chat
   * @param {number} [options.afterMs]
   * @param {number} [options.answerMs]
   * @param {Function} [options.setTimeout]
   * @param {Function} [options.clearTimeout]
   */
  constructor(options) {
    super();
    this.#options = {
      afterMs: DUTY_CHECK_AFTER_MS,
      answerMs: DUTY_CHECK_ANSWER_MS,
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: (id) => globalThis.clearTimeout(id),
      ...options,
    };
    this.#wait();
  }

  get asking() {
    return this.#asking;
  }

  /** The professional did something (typed, clicked, tapped): the quiet time starts again. */
  activity() {
    if (this.#asking) return; // only an answer ends the question
    this.#wait();
  }

  /** "Yes, I am still on duty." */
  confirm() {
    this.#asking = false;
    this.#wait();
  }

  stop() {
    this.#options.clearTimeout(this.#timer);
    this.#timer = null;
    this.#asking = false;
  }

  #wait() {
    this.#options.clearTimeout(this.#timer);
    this.#timer = this.#options.setTimeout(() => this.#quietLongEnough(), this.#options.afterMs);
  }

  #quietLongEnough() {
    if (!this.#options.shouldAsk()) {
      this.#wait();
      return;
    }
    this.#asking = true;
    this.emit('ask');
    this.#timer = this.#options.setTimeout(() => {
      this.#asking = false;
      this.emit('expired');
      this.#wait();
    }, this.#options.answerMs);
  }
}
