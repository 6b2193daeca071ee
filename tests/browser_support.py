"""Real headless Chromium for the practice page tests: Debian's `chromium` driven by Playwright.

`playwright install` cannot download its own browser here, so the system browser is launched by
path. Where Playwright or Chromium is missing the tests skip, saying how to install it
(`.ci/run` installs Chromium on CI). Fakes for the Web Speech API are injected with init
scripts: headless Chromium has `webkitSpeechRecognition` but no speech service, and speech
synthesis there has no audio output to report the end of an utterance.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in CI
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REQUIRED = bool(os.environ.get("ROLEPLAY_REQUIRE_BROWSER"))
"""Set by .ci/run: a missing browser fails the run instead of skipping the tests."""
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
"""Screenshots the tests keep (gitignored); ROLEPLAY_TEST_ARTIFACTS overrides."""


def missing(reason: str) -> NoReturn:
    """Skip, saying what is missing and how to get it (fail if ROLEPLAY_REQUIRE_BROWSER)."""
    if REQUIRED:
        pytest.fail(f"ROLEPLAY_REQUIRE_BROWSER is set, but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def chromium_path() -> str:
    """The system Chromium, or skip the test with how to get one."""
    for candidate in (os.environ.get("ROLEPLAY_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    missing(
        "no Chromium found for the browser tests: install Debian's `apt-get install -y "
        "chromium` (.ci/run does), or point ROLEPLAY_CHROMIUM at a Chromium binary"
    )


def artifacts_dir() -> Path:
    folder = Path(os.environ.get("ROLEPLAY_TEST_ARTIFACTS") or ARTIFACTS)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


FAKE_SPEECH = """
(() => {
  // Speech synthesis: record what would be said, and end each utterance at once.
  window.__spoken = [];
  const synth = window.speechSynthesis;
  synth.speak = (utterance) => {
    window.__spoken.push(utterance.text);
    setTimeout(() => utterance.dispatchEvent(new Event("end")), 5);
  };
  synth.cancel = () => {};

  // Speech recognition: a recogniser the test speaks through with window.__say(text), which
  // gives an interim result (the first half), then the final one, then ends, as a browser
  // does for one utterance with continuous = false.
  window.__interims = [];
  window.__recognitionStarts = 0;
  class FakeRecognition extends EventTarget {
    constructor() {
      super();
      this.lang = "";
      this.continuous = false;
      this.interimResults = false;
      this.running = false;
    }
    start() {
      if (this.running) throw new DOMException("already started", "InvalidStateError");
      this.running = true;
      window.__recognizer = this;
      window.__recognitionStarts += 1;
      setTimeout(() => this.dispatchEvent(new Event("start")), 0);
    }
    stop() { this._end(); }
    abort() { this._end(); }
    _end() {
      if (!this.running) return;
      this.running = false;
      setTimeout(() => this.dispatchEvent(new Event("end")), 0);
    }
    _result(text, isFinal) {
      const result = Object.assign([{ transcript: text, confidence: 0.9 }], { isFinal });
      const event = new Event("result");
      event.resultIndex = 0;
      event.results = [result];
      this.dispatchEvent(event);
    }
  }
  window.SpeechRecognition = FakeRecognition;
  window.webkitSpeechRecognition = FakeRecognition;
  window.__say = async (text) => {
    const recognizer = window.__recognizer;
    if (!recognizer || !recognizer.running) throw new Error("the page is not listening");
    const words = text.split(" ");
    recognizer._result(words.slice(0, Math.ceil(words.length / 2)).join(" "), false);
    await new Promise((resolve) => setTimeout(resolve, 30));
    window.__interims.push(document.getElementById("heard").textContent);
    recognizer._result(text, true);
    recognizer._end();
  };
})();
"""
