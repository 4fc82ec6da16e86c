// The pre-join screen: see yourself, hear that your microphone works (level meter), choose camera and microphone,
// then join (with camera, with the camera off, or with sound only) or say no. Used by clients (an invitation, a
// consult link, a meeting) and by professionals before they start a call.
import { h, uniqueId } from '../../dom.js';
import { t } from '../../i18n.js';
import { JoinMode, mediaErrorKind } from '../../call/media.js';
import { LevelMeter } from '../../call/levelMeter.js';
import { errorText } from '../errors.js';

export class PreJoin {
  #media;
  #onJoin;
  #onDecline;
  #meter = null;
  #frame = null;
  #off = [];
  #busy = false;

  /**
   * @param {object} o
   * @param {import('../../call/media.js').LocalMedia} o.media started here; the caller keeps it for the call
   * @param {string} o.title
   * @param {string} o.intro
   * @param {string} o.joinLabel
   * @param {(mode: string) => Promise<void>} o.onJoin
   * @param {string} [o.declineLabel]
   * @param {() => void} [o.onDecline]
   * @param {boolean} [o.privacyHint] show "find a place where you can talk freely" (clients)
   */
  constructor({ media, title, intro, joinLabel, onJoin, declineLabel = null, onDecline = null, privacyHint = false }) {
    this.#media = media;
    this.#onJoin = onJoin;
    this.#onDecline = onDecline;
    const id = uniqueId('prejoin');
    this.video = h('video', { class: 'call-preview__video', autoplay: true, playsinline: true, 'aria-label': t('call.preJoin.preview') });
    this.video.muted = true;
    this.cameraOff = h('p', { class: 'call-preview__off', hidden: true }, t('call.preJoin.cameraOff'));
    this.meter = h('meter', { id: `${id}-level`, class: 'call-level', min: '0', max: '1', low: '0.15', high: '0.9', optimum: '0.5', value: '0' });
    this.cameraSelect = h('select', { id: `${id}-camera`, class: 'call-select' });
    this.micSelect = h('select', { id: `${id}-mic`, class: 'call-select' });
    this.cameraSelect.addEventListener('change', () => this.#choose());
    this.micSelect.addEventListener('change', () => this.#choose());
    this.error = h('div', { class: 'notice notice--error', role: 'alert', hidden: true });
    this.joinButtons = [
      h('button', { type: 'button', class: 'btn btn--primary', 'data-mode': JoinMode.VIDEO, onclick: () => this.#join(JoinMode.VIDEO) }, joinLabel),
      h('button', { type: 'button', class: 'btn btn--secondary', 'data-mode': JoinMode.CAMERA_OFF, onclick: () => this.#join(JoinMode.CAMERA_OFF) }, t('call.preJoin.joinCameraOff')),
      h('button', { type: 'button', class: 'btn btn--secondary', 'data-mode': JoinMode.AUDIO_ONLY, onclick: () => this.#join(JoinMode.AUDIO_ONLY) }, t('call.preJoin.joinAudioOnly')),
    ];
    const decline = onDecline
      ? h('button', { type: 'button', class: 'btn btn--secondary call-prejoin__decline', onclick: () => this.#decline() }, declineLabel || t('call.preJoin.decline'))
      : null;
    this.element = h(
      'section',
      { class: 'call-prejoin', 'aria-labelledby': `${id}-title` },
      h('h2', { id: `${id}-title`, class: 'call__title' }, title),
      h('p', {}, intro),
      privacyHint ? h('p', { class: 'notice notice--info' }, t('call.preJoin.privacy')) : null,
      h('div', { class: 'call-preview' }, this.video, this.cameraOff),
      h('div', { class: 'field' }, h('label', { for: this.meter.id, class: 'field__label' }, t('call.preJoin.level')), this.meter,
        h('p', { class: 'field__hint' }, t('call.preJoin.levelHint'))),
      h('div', { class: 'call-devices' },
        h('div', { class: 'field' }, h('label', { for: this.cameraSelect.id, class: 'field__label' }, t('call.preJoin.camera')), this.cameraSelect),
        h('div', { class: 'field' }, h('label', { for: this.micSelect.id, class: 'field__label' }, t('call.preJoin.microphone')), this.micSelect)),
      this.error,
      h('div', { class: 'actions call-prejoin__actions' }, this.joinButtons, decline),
    );
    this.#off.push(media.on('change', () => this.#showPreview()));
  }

  /** Ask for camera and microphone and show them. */
  async start() {
    if (!this.#media.supported) {
      this.#showError('unsupported');
      return;
    }
    try {
      await this.#media.start({ mode: JoinMode.VIDEO });
    } catch (err) {
      // Perhaps there is no camera: try the microphone alone before giving up.
      try {
        await this.#media.start({ mode: JoinMode.AUDIO_ONLY });
      } catch {
        this.#showError(mediaErrorKind(err));
        return;
      }
    }
    await this.#fillDevices();
    this.#showPreview();
  }

  #showError(kind) {
    this.error.replaceChildren(h('p', {}, t(`call.media.${kind}`)));
    this.error.hidden = false;
    for (const button of this.joinButtons) button.disabled = true;
  }

  async #fillDevices() {
    let devices;
    try {
      devices = await this.#media.listDevices();
    } catch {
      return;
    }
    const fill = (select, list, current, word) => {
      select.replaceChildren(...list.map((d) => h('option', { value: d.deviceId, selected: d.deviceId === current }, d.label || `${word} ${d.index}`)));
      select.disabled = list.length < 2;
    };
    fill(this.cameraSelect, devices.videoInputs, this.#media.videoDeviceId, t('call.preJoin.camera'));
    fill(this.micSelect, devices.audioInputs, this.#media.audioDeviceId, t('call.preJoin.microphone'));
  }

  async #choose() {
    try {
      await this.#media.chooseDevices({ audioDeviceId: this.micSelect.value, videoDeviceId: this.cameraSelect.value });
    } catch (err) {
      this.#showError(mediaErrorKind(err));
    }
  }

  #showPreview() {
    const stream = this.#media.stream;
    const hasVideo = !!this.#media.videoTrack;
    if (this.video.srcObject !== stream) this.video.srcObject = stream;
    this.video.hidden = !hasVideo;
    this.cameraOff.hidden = hasVideo;
    this.#restartMeter();
  }

  #restartMeter() {
    const track = this.#media.audioTrack;
    if (this.#meter?.track === track) return;
    this.#stopMeter();
    if (!track || typeof MediaStream === 'undefined') return;
    try {
      this.#meter = new LevelMeter(new MediaStream([track]));
      this.#meter.track = track;
    } catch {
      this.#meter = null;
      return;
    }
    const tick = () => {
      if (!this.#meter) return;
      this.meter.value = this.#meter.level();
      this.#frame = requestAnimationFrame(tick);
    };
    tick();
  }

  #stopMeter() {
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = null;
    this.#meter?.close();
    this.#meter = null;
  }

  async #join(mode) {
    if (this.#busy) return;
    this.#busy = true;
    for (const button of this.joinButtons) button.disabled = true;
    try {
      if (mode === JoinMode.AUDIO_ONLY) {
        await this.#media.start({ mode: JoinMode.AUDIO_ONLY });
      } else if (mode === JoinMode.CAMERA_OFF) {
        await this.#media.setCameraOn(false);
      } else if (!this.#media.videoTrack) {
        await this.#media.setCameraOn(true);
      }
      await this.#onJoin(mode);
    } catch (err) {
      const text = err?.name === 'RequestError' ? errorText(err, 'call') : t(`call.media.${mediaErrorKind(err)}`);
      this.error.replaceChildren(h('p', {}, text));
      this.error.hidden = false;
      for (const button of this.joinButtons) button.disabled = false;
    } finally {
      this.#busy = false;
    }
  }

  #decline() {
    this.#media.release();
    this.#onDecline?.();
  }

  dispose() {
    this.#stopMeter();
    for (const off of this.#off) off();
    this.#off = [];
    this.video.srcObject = null;
  }
}
