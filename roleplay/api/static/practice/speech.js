// Voice in and out with the browser's own speech services (Web Speech API).
// Listener: speech recognition, one utterance at a time; interim text as it is heard, the final
// text handed on as the rep's turn. Voice: speech synthesis of the prospect, sentence by sentence
// as the reply streams in, with a mute switch. Both degrade to nothing where unsupported.

export function recognitionClass() {
  return window.SpeechRecognition || window.webkitSpeechRecognition || null;
}

const RESTART_DELAY_MS = 250;

/**
 * Listens while `wanted` and not paused; restarts after each utterance. Callbacks:
 * onInterim(text), onFinal(text), onState(listening: boolean), onError(message, fatal).
 */
export class Listener {
  constructor(callbacks) {
    this.callbacks = callbacks;
    this.Recognition = recognitionClass();
    this.wanted = false;
    this.paused = false;
    this.active = null;
  }

  get supported() {
    return this.Recognition !== null;
  }

  /** Start listening (the rep pressed Talk). */
  start() {
    this.wanted = true;
    this._listen();
  }

  /** Stop listening (the rep pressed Talk again, or the call ended). */
  stop() {
    this.wanted = false;
    this._halt();
  }

  /** Stop hearing while the prospect answers; `resume` picks up again if still wanted. */
  pause() {
    this.paused = true;
    this._halt();
  }

  resume() {
    this.paused = false;
    if (this.wanted) setTimeout(() => this._listen(), RESTART_DELAY_MS);
  }

  _halt() {
    const active = this.active;
    this.active = null;
    if (active) {
      try {
        active.abort();
      } catch { /* already stopped */ }
    }
    this.callbacks.onInterim("");
    this.callbacks.onState(false);
  }

  _listen() {
    if (!this.supported || !this.wanted || this.paused || this.active) return;
    const recognition = new this.Recognition();
    const language = navigator.language || "";
    recognition.lang = language.startsWith("en") ? language : "en-US"; // the calls are in English
    recognition.interimResults = true;
    recognition.continuous = false;
    recognition.maxAlternatives = 1;
    let finalText = "";
    recognition.addEventListener("start", () => this.callbacks.onState(true));
    recognition.addEventListener("result", (event) => {
      let interim = "";
      for (let i = event.resultIndex; i < event.results.length; i++) {
        const result = event.results[i];
        if (result.isFinal) finalText += `${result[0].transcript} `;
        else interim += result[0].transcript;
      }
      this.callbacks.onInterim((finalText + interim).trim());
    });
    recognition.addEventListener("error", (event) => {
      const fatal = event.error === "not-allowed" || event.error === "service-not-allowed"
        || event.error === "audio-capture" || event.error === "network";
      if (fatal) {
        this.wanted = false;
        this.callbacks.onError(errorMessage(event.error), true);
      } else if (event.error !== "no-speech" && event.error !== "aborted") {
        this.callbacks.onError(errorMessage(event.error), false);
      }
    });
    recognition.addEventListener("end", () => {
      if (this.active !== recognition) return; // halted on purpose
      this.active = null;
      this.callbacks.onState(false);
      const text = finalText.trim();
      if (text) {
        this.callbacks.onInterim("");
        this.callbacks.onFinal(text);
      } else if (this.wanted && !this.paused) {
        setTimeout(() => this._listen(), RESTART_DELAY_MS);
      }
    });
    this.active = recognition;
    try {
      recognition.start();
    } catch (err) {
      this.active = null;
      this.wanted = false;
      this.callbacks.onError(`speech recognition could not start (${err.message})`, true);
    }
  }
}

function errorMessage(code) {
  switch (code) {
    case "not-allowed":
    case "service-not-allowed":
      return "The microphone is blocked for this page: allow it in the browser, or type instead.";
    case "audio-capture":
      return "No microphone was found: type instead.";
    case "network":
      return "The browser's speech service cannot be reached: type instead.";
    default:
      return `Speech recognition failed (${code}).`;
  }
}

const SECONDS_PER_WORD = 0.5;
const SPEECH_GRACE_SECONDS = 3;

/** Speaks the prospect's lines; `finished()` resolves when everything queued has been said. */
export class Voice {
  constructor() {
    this.synth = window.speechSynthesis || null;
    this.muted = false;
    this.pending = new Set();
  }

  get supported() {
    return this.synth !== null && typeof window.SpeechSynthesisUtterance === "function";
  }

  setMuted(muted) {
    this.muted = muted;
    if (muted) this.cancel();
  }

  /** Queue `text`; sentences arrive as the reply streams, so speech starts before it ends. */
  speak(text) {
    const line = text.trim();
    if (!line || this.muted || !this.supported) return;
    const utterance = new SpeechSynthesisUtterance(line);
    utterance.lang = "en-US";
    // `end` never comes where there is no audio output: give up after a generous estimate.
    const words = line.split(/\s+/).length;
    const limit = (words * SECONDS_PER_WORD + SPEECH_GRACE_SECONDS) * 1000;
    const done = new Promise((resolve) => {
      const timer = setTimeout(resolve, limit);
      const finish = () => {
        clearTimeout(timer);
        resolve();
      };
      utterance.addEventListener("end", finish);
      utterance.addEventListener("error", finish);
    });
    this.pending.add(done);
    done.then(() => this.pending.delete(done));
    this.synth.speak(utterance);
  }

  cancel() {
    if (this.synth) this.synth.cancel();
  }

  async finished() {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
