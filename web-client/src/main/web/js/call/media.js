// The camera and microphone of this device: asking for them with the devices the person chose, camera off or
// audio-only, and giving every track back (the camera light goes out) when the call or preview ends.
// mediaDevices is injected so this runs under node with a fake.
import { Emitter } from '../emitter.js';

/** How someone joins: with camera and microphone, with the camera off (can switch it on later), or audio only. */
export const JoinMode = Object.freeze({
  VIDEO: 'video',
  CAMERA_OFF: 'cameraOff',
  AUDIO_ONLY: 'audioOnly',
});

/** Small and light on purpose: cheap phones and weak mobile networks. */
const VIDEO_CONSTRAINTS = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 24, max: 30 } };

/** getUserMedia constraints for the chosen devices ('' = the default device). Exported for tests. */
export function constraints({ audio = true, video = true, audioDeviceId = '', videoDeviceId = '' } = {}) {
  return {
    audio: audio ? { echoCancellation: true, noiseSuppression: true, autoGainControl: true, ...(audioDeviceId ? { deviceId: { exact: audioDeviceId } } : {}) } : false,
    video: video ? { ...VIDEO_CONSTRAINTS, ...(videoDeviceId ? { deviceId: { exact: videoDeviceId } } : {}) } : false,
  };
}

/** Why getUserMedia failed, as the views explain it ('denied', 'notFound', 'inUse', 'failed'). */
export function mediaErrorKind(error) {
  switch (error?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'notFound';
    case 'NotReadableError':
    case 'AbortError':
      return 'inUse';
    default:
      return 'failed';
  }
}

/**
 * This device's microphone and camera for one call. Events: 'change' (a track came or went, mute or camera
 * changed; peer connections then swap their senders' tracks). Always call release() at the end.
 */
export class LocalMedia extends Emitter {
  #devices;
  #stream = null;
  #audioDeviceId = '';
  #videoDeviceId = '';
  #muted = false;
  #cameraOn = false;
  #audioOnly = false;
  #released = false;

  /** @param {MediaDevices} [mediaDevices] */
  constructor(mediaDevices = globalThis.navigator?.mediaDevices) {
    super();
    this.#devices = mediaDevices;
  }

  /** Whether this browser can do calls at all (needs a secure context: https, or http://localhost). */
  get supported() {
    return typeof this.#devices?.getUserMedia === 'function';
  }

  /** The stream with the current tracks (audio first); null before start() or after release(). */
  get stream() {
    return this.#stream;
  }

  get audioTrack() {
    return this.#stream?.getAudioTracks()[0] ?? null;
  }

  get videoTrack() {
    return this.#stream?.getVideoTracks()[0] ?? null;
  }

  get muted() {
    return this.#muted;
  }

  get cameraOn() {
    return this.#cameraOn;
  }

  get audioOnly() {
    return this.#audioOnly;
  }

  get audioDeviceId() {
    return this.audioTrack?.getSettings?.().deviceId || this.#audioDeviceId;
  }

  get videoDeviceId() {
    return this.videoTrack?.getSettings?.().deviceId || this.#videoDeviceId;
  }

  /**
   * Ask for microphone (and camera, unless the mode says otherwise). Rejects with the browser's error
   * (see mediaErrorKind). Asking again replaces what was there.
   */
  async start({ mode = JoinMode.VIDEO, audioDeviceId = this.#audioDeviceId, videoDeviceId = this.#videoDeviceId } = {}) {
    this.#released = false;
    this.#audioDeviceId = audioDeviceId;
    this.#videoDeviceId = videoDeviceId;
    this.#audioOnly = mode === JoinMode.AUDIO_ONLY;
    const withVideo = mode === JoinMode.VIDEO;
    const stream = await this.#devices.getUserMedia(constraints({ audio: true, video: withVideo, audioDeviceId, videoDeviceId }));
    if (this.#released) {
      stopAll(stream);
      return null;
    }
    this.#replaceStream(stream);
    this.#cameraOn = withVideo && stream.getVideoTracks().length > 0;
    if (this.audioTrack) this.audioTrack.enabled = !this.#muted;
    this.emit('change');
    return stream;
  }

  /** The devices to choose from: {audioInputs: [{deviceId, label}], videoInputs: [...]} (labels only after start()). */
  async listDevices() {
    const all = (await this.#devices.enumerateDevices?.()) || [];
    const pick = (kind) => all.filter((d) => d.kind === kind).map((d, i) => ({ deviceId: d.deviceId, label: d.label || '', index: i + 1 }));
    return { audioInputs: pick('audioinput'), videoInputs: pick('videoinput') };
  }

  /** Microphone off/on: the track stays (no new permission prompt), it sends silence. */
  setMuted(muted) {
    this.#muted = muted;
    if (this.audioTrack) this.audioTrack.enabled = !muted;
    this.emit('change');
  }

  /**
   * Camera off stops the video track (the camera light goes out, nothing is sent); camera on asks for the camera
   * again. Not available when joined audio-only.
   */
  async setCameraOn(on) {
    if (this.#audioOnly && on) return;
    if (!on) {
      const track = this.videoTrack;
      if (track) {
        track.stop();
        this.#stream.removeTrack(track);
      }
      this.#cameraOn = false;
      this.emit('change');
      return;
    }
    if (this.videoTrack) {
      this.#cameraOn = true;
      this.emit('change');
      return;
    }
    const fresh = await this.#devices.getUserMedia(constraints({ audio: false, video: true, videoDeviceId: this.#videoDeviceId }));
    if (this.#released) {
      stopAll(fresh);
      return;
    }
    const track = fresh.getVideoTracks()[0];
    if (this.#stream) this.#stream.addTrack(track);
    else this.#stream = fresh;
    this.#cameraOn = true;
    this.emit('change');
  }

  /** Switch to other devices (keeps mute and camera state). */
  async chooseDevices({ audioDeviceId = this.#audioDeviceId, videoDeviceId = this.#videoDeviceId }) {
    const mode = this.#audioOnly ? JoinMode.AUDIO_ONLY : this.#cameraOn ? JoinMode.VIDEO : JoinMode.CAMERA_OFF;
    return this.start({ mode, audioDeviceId, videoDeviceId });
  }

  /** Stop every track: camera and microphone are free again. Safe to call more than once. */
  release() {
    this.#released = true;
    stopAll(this.#stream);
    this.#stream = null;
    this.#cameraOn = false;
    this.emit('change');
  }

  #replaceStream(stream) {
    stopAll(this.#stream);
    this.#stream = stream;
  }
}

export function stopAll(stream) {
  for (const track of stream?.getTracks?.() ?? []) track.stop();
}
