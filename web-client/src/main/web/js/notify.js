// Getting a professional's attention when the tab is in the background: a count in the title
// ("(3) Spreekuur") and, if switched on, a short generated beep. Nothing is downloaded.
let baseTitle = 'Spreekuur';
let unseen = 0;
let soundOn = false;
let audio = null;

export function setBaseTitle(title) {
  baseTitle = title;
  render();
}

function render() {
  document.title = unseen > 0 ? `(${unseen}) ${baseTitle}` : baseTitle;
}

let quietUntil = 0;

/** A group member takes a break: no title count or sound until then (ms since the epoch; 0 = not quiet). */
export function setQuietUntil(ms) {
  quietUntil = ms || 0;
}

/** Something new happened (a client joined the queue, a message arrived). */
export function attention() {
  if (document.visibilityState === 'visible' || Date.now() < quietUntil) return;
  unseen += 1;
  render();
  if (soundOn) beep();
}

export function resetAttention() {
  unseen = 0;
  render();
}

export function setSound(on, { preview = false } = {}) {
  soundOn = on;
  // Browsers only allow audio after a user gesture: the toggle click is that gesture, and the preview beep
  // lets the professional hear what to listen for.
  if (on && preview) beep();
}

export function beep() {
  try {
    const Ctx = globalThis.AudioContext || globalThis.webkitAudioContext;
    if (!Ctx) return;
    audio = audio || new Ctx();
    if (audio.state === 'suspended') audio.resume();
    const start = audio.currentTime + 0.01;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'sine';
    osc.frequency.setValueAtTime(880, start);
    osc.frequency.setValueAtTime(660, start + 0.12);
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.15, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.3);
    osc.connect(gain).connect(audio.destination);
    osc.start(start);
    osc.stop(start + 0.32);
  } catch {
    // no sound available
  }
}

export function installAttentionReset() {
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') resetAttention();
  });
}
