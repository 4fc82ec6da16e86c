// The call itself: the others' video (or their name when their camera is off), your own picture, microphone and
// camera buttons whose state the others see, leave, and for the host: who waits in the lobby (let in / send away),
// remove someone, end for everyone. A "connection is weak" hint from the quality monitor.
import { h, uniqueId } from '../../dom.js';
import { t } from '../../i18n.js';
import { announce } from '../../live.js';
import { confirmDialog } from '../../dialog.js';
import { errorText } from '../errors.js';

export class CallScreen {
  #controller;
  #off = [];
  #tiles = new Map(); // participantId -> {element, video, caption, streamKey}
  #lobbyShown = '';
  #othersShown = '';

  constructor({ controller }) {
    this.#controller = controller;
    const c = controller;
    const id = uniqueId('call');
    this.titleId = `${id}-title`;
    this.ownVideo = h('video', { class: 'call-tile__video', autoplay: true, playsinline: true, 'aria-label': t('call.screen.ownVideo') });
    this.ownVideo.muted = true;
    this.ownCaption = h('p', { class: 'call-tile__name' });
    this.ownTile = h('div', { class: 'call-tile call-tile--own' }, this.ownVideo, this.ownCaption);
    this.tiles = h('div', { class: 'call__tiles' }, this.ownTile);
    this.status = h('p', { class: 'call__status', role: 'status' });
    this.weak = h(
      'div',
      { class: 'notice notice--warning call__weak', hidden: true },
      h('p', {}, t('call.screen.weak')),
      h('button', { type: 'button', class: 'btn btn--secondary btn--small', onclick: () => this.#setCamera(false) }, t('call.screen.cameraOff')),
    );
    this.lobby = h('div', { class: 'call__lobby' });
    this.people = h('div', { class: 'call__people' });
    this.micButton = h('button', { type: 'button', class: 'btn btn--secondary call__mic', onclick: () => this.#toggleMic() });
    this.cameraButton = h('button', { type: 'button', class: 'btn btn--secondary call__camera', onclick: () => this.#toggleCamera() });
    this.leaveButton = h('button', { type: 'button', class: 'btn btn--danger call__leave', onclick: () => this.#leave() }, t('call.screen.leave'));
    this.endButton = h('button', { type: 'button', class: 'btn btn--danger call__end', onclick: () => this.#end() }, t('call.screen.endForAll'));
    this.error = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
    this.element = h(
      'section',
      { class: 'call', 'aria-labelledby': this.titleId },
      h('h2', { id: this.titleId, class: 'call__title' }, t('call.screen.title')),
      this.weak,
      this.status,
      this.tiles,
      this.lobby,
      h('div', { class: 'call__controls', role: 'group', 'aria-label': t('call.screen.controls') }, this.micButton, this.cameraButton, this.leaveButton, this.endButton),
      this.people,
      this.error,
    );
    this.#off.push(
      c.on('change', () => this.render()),
      c.on('peers', () => this.render()),
      c.media.on('change', () => this.render()),
      c.on('quality', (weak) => {
        this.weak.hidden = !weak || !c.media.cameraOn;
        if (weak && c.media.cameraOn) announce(t('call.screen.weak'));
      }),
    );
    this.render();
  }

  render() {
    const c = this.#controller;
    const media = c.media;
    // Own picture.
    if (this.ownVideo.srcObject !== media.stream) this.ownVideo.srcObject = media.stream;
    this.ownVideo.hidden = !media.videoTrack;
    this.ownCaption.textContent = [t('call.screen.you'), media.muted ? t('call.screen.micIsOff') : null, media.cameraOn ? null : t('call.screen.cameraIsOff')].filter(Boolean).join(' · ');
    // Buttons say what they do; aria-pressed says the state ("microphone off" pressed = muted).
    this.micButton.textContent = media.muted ? t('call.screen.micOn') : t('call.screen.micOff');
    this.micButton.setAttribute('aria-pressed', String(media.muted));
    this.cameraButton.textContent = media.cameraOn ? t('call.screen.cameraOff') : t('call.screen.cameraOn');
    this.cameraButton.setAttribute('aria-pressed', String(!media.cameraOn));
    this.cameraButton.hidden = media.audioOnly;
    this.endButton.hidden = !c.isHost;
    if (!media.cameraOn) this.weak.hidden = true;
    this.#renderTiles();
    this.#renderStatus();
    this.#renderLobby();
    this.#renderPeople();
  }

  #renderTiles() {
    const c = this.#controller;
    const others = c.others;
    const ids = new Set(others.map((p) => p.participantId));
    for (const [id, tile] of this.#tiles) {
      if (!ids.has(id)) {
        tile.video.srcObject = null;
        tile.element.remove();
        this.#tiles.delete(id);
      }
    }
    for (const p of others) {
      let tile = this.#tiles.get(p.participantId);
      if (!tile) {
        const video = h('video', { class: 'call-tile__video', autoplay: true, playsinline: true, 'aria-label': t('call.screen.videoOf', { name: p.displayName || t('chat.someone') }) });
        const caption = h('p', { class: 'call-tile__name' });
        const off = h('p', { class: 'call-tile__off', 'aria-hidden': 'true' });
        tile = { element: h('div', { class: 'call-tile', 'data-participant': p.participantId }, video, off, caption), video, caption, off, streamKey: '' };
        this.#tiles.set(p.participantId, tile);
        this.tiles.append(tile.element);
      }
      const peer = c.peers.get(p.participantId);
      const tracks = peer ? [...peer.tracks] : [];
      const key = tracks.map((track) => track.id).join(',');
      if (key !== tile.streamKey) {
        tile.streamKey = key;
        tile.video.srcObject = tracks.length && typeof MediaStream !== 'undefined' ? new MediaStream(tracks) : null;
      }
      const name = p.displayName || t('chat.someone');
      const cameraOff = p.media?.cameraOff === true;
      tile.video.classList.toggle('is-off', cameraOff);
      tile.off.textContent = cameraOff ? name : '';
      tile.off.hidden = !cameraOff;
      const state = peer && peer.state !== 'connected' ? t(peer.state === 'failed' || peer.state === 'disconnected' ? 'call.screen.peerTrouble' : 'call.screen.peerConnecting') : null;
      const caption = [name, p.media?.audioMuted ? t('call.screen.micIsOff') : null, cameraOff ? t('call.screen.cameraIsOff') : null, state].filter(Boolean).join(' · ');
      if (tile.caption.textContent !== caption) tile.caption.textContent = caption;
    }
  }

  #renderStatus() {
    const c = this.#controller;
    let text = '';
    if (!c.others.length) {
      const ringing = c.ringing;
      const lobby = c.lobby;
      if (ringing.length) text = t('call.screen.ringing', { name: ringing.map((p) => p.displayName || t('chat.someone')).join(', ') });
      else if (c.isHost && lobby.length) text = t('call.screen.someoneWaits');
      else text = t('call.screen.alone');
    }
    if (this.status.textContent !== text) this.status.textContent = text;
    this.status.hidden = !text;
  }

  /** Host: who waits in the lobby. Rebuilt only when that list changes (a button must not move under a click). */
  #renderLobby() {
    const c = this.#controller;
    const lobby = c.isHost ? c.lobby : [];
    const key = lobby.map((p) => p.participantId + p.displayName).join('|');
    if (key === this.#lobbyShown) return;
    const hadFocus = this.lobby.contains(document.activeElement);
    this.#lobbyShown = key;
    if (!lobby.length) {
      this.lobby.replaceChildren();
      if (hadFocus) this.micButton.focus();
      return;
    }
    for (const p of lobby) announce(t('call.lobby.announceWaiting', { name: p.displayName || t('chat.someone') }));
    this.lobby.replaceChildren(
      h('h3', {}, t('call.lobby.hostTitle')),
      h('p', { class: 'muted' }, t('call.lobby.hostGuidance')),
      h('ul', { class: 'call__list' }, lobby.map((p) => {
        const name = p.displayName || t('chat.someone');
        return h('li', {}, h('span', {}, t('call.lobby.waits', { name })), ' ',
          h('button', { type: 'button', class: 'btn btn--primary btn--small', onclick: () => this.#do(() => c.admit(p.participantId)) }, t('call.lobby.admit', { name })),
          ' ',
          h('button', { type: 'button', class: 'btn btn--secondary btn--small', onclick: () => this.#do(() => c.remove(p.participantId)) }, t('call.lobby.refuse', { name })));
      })),
    );
  }

  /** Host: remove someone from the call. */
  #renderPeople() {
    const c = this.#controller;
    const others = c.isHost ? c.others : [];
    const key = others.map((p) => p.participantId + p.displayName).join('|');
    if (key === this.#othersShown) return;
    this.#othersShown = key;
    this.people.replaceChildren(...(others.length ? [h('ul', { class: 'call__list' }, others.map((p) => {
      const name = p.displayName || t('chat.someone');
      return h('li', {}, h('button', { type: 'button', class: 'btn btn--secondary btn--small', onclick: () => this.#removePerson(p.participantId, name) }, t('call.screen.remove', { name })));
    }))] : []));
  }

  async #do(action) {
    try {
      await action();
      this.error.hidden = true;
    } catch (err) {
      this.error.textContent = errorText(err, 'call');
      this.error.hidden = false;
    }
  }

  #toggleMic() {
    const muted = !this.#controller.media.muted;
    this.#controller.setMuted(muted);
    announce(muted ? t('call.screen.announceMicOff') : t('call.screen.announceMicOn'));
  }

  #toggleCamera() {
    return this.#setCamera(!this.#controller.media.cameraOn);
  }

  async #setCamera(on) {
    try {
      await this.#controller.setCameraOn(on);
      announce(on ? t('call.screen.announceCameraOn') : t('call.screen.announceCameraOff'));
    } catch {
      this.error.textContent = t('call.media.failed');
      this.error.hidden = false;
    }
  }

  #leave() {
    return this.#do(() => this.#controller.leave());
  }

  async #removePerson(participantId, name) {
    const ok = await confirmDialog({ title: t('call.screen.removeTitle', { name }), text: t('call.screen.removeText', { name }), confirmLabel: t('call.screen.removeConfirm'), danger: true });
    if (ok) await this.#do(() => this.#controller.remove(participantId));
  }

  async #end() {
    const ok = await confirmDialog({ title: t('call.screen.endTitle'), text: t('call.screen.endText'), confirmLabel: t('call.screen.endForAll'), danger: true });
    if (ok) await this.#do(() => this.#controller.end());
  }

  dispose() {
    for (const off of this.#off) off();
    this.#off = [];
    this.ownVideo.srcObject = null;
    for (const tile of this.#tiles.values()) tile.video.srcObject = null;
  }
}
