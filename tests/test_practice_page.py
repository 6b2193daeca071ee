"""The practice page end to end, in real headless Chromium against `roleplay serve`.

The server is the real command on a free loopback port, with a temp SQLite file and the
built-in offline prospect (no key, no network). Sessions are started with a fixed seed (the
test adds it to the page's request), so the calls are the same on every run. The Web Speech
API is faked in the page (see browser_support.FAKE_SPEECH). Every test also checks that the
page loaded nothing from another origin and logged no error.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from browser_support import CHROMIUM_ARGS, FAKE_SPEECH, artifacts_dir, chromium_path, missing
from server_process import Server, running_server, serve_env
from voice_to_text import to_voice

try:
    from playwright import sync_api
except ImportError:
    missing("the browser tests need the playwright package (pip install -e '.[dev]')")

SEED = 7
PERSONA = "skeptical_cfo"
REP_TURNS = (
    "Hi Margaret, it's Sam from Northwind. Tom Reyes suggested I give you a call. "
    "Is now a bad time?",
    "Understood, I'll be brief. We help finance teams see where spend leaks. Would it be "
    "all right if I asked how you handle approvals today?",
    "How do you keep track of spending across the depots today?",
)
WAIT_MS = 30_000  # generous: the first turn imports litellm (3 s or more on a busy machine)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """No API keys: local development mode."""
    workdir = tmp_path_factory.mktemp("practice-dev")
    with running_server(f"sqlite+aiosqlite:///{workdir / 'dev.db'}", workdir) as server:
        yield server


@dataclass
class KeyedServer:
    server: Server
    rep_key: str


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KeyedServer]:
    """A server with API keys: the page must ask for one."""
    workdir = tmp_path_factory.mktemp("practice-keys")
    url = f"sqlite+aiosqlite:///{workdir / 'keys.db'}"

    created = subprocess.run(  # the real command; stdout: a summary line, then the key
        [sys.executable, "-m", "roleplay", "keys", "create", "sam", "--role", "rep"],
        env=serve_env(url), capture_output=True, text=True, check=True, timeout=60,
    )
    rep_key = created.stdout.split()[-1]
    with running_server(url, workdir) as server:
        yield KeyedServer(server, rep_key)


@dataclass
class Practice:
    """The page, with what it loaded and logged, and the steps of a call."""

    page: Any
    base_url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    turn_responses: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def open(self) -> Practice:
        self.page.goto(self.base_url + "/practice")
        return self

    def wait_for_personas(self) -> None:
        self.page.wait_for_selector(f"#persona option[value={PERSONA}]", state="attached")

    def start_call(self, persona: str = PERSONA) -> None:
        self.wait_for_personas()
        self.page.select_option("#persona", persona)
        self.page.click("#start")
        self.wait_for_replies(1)

    def replies(self) -> int:
        count: int = self.page.locator("#transcript li.prospect[data-final]").count()
        return count

    def wait_for_replies(self, count: int) -> None:
        self.page.wait_for_function(
            "n => document.querySelectorAll('#transcript li.prospect[data-final]').length >= n"
            " && !document.querySelector('#transcript li.streaming')",
            arg=count, timeout=WAIT_MS,
        )

    def type_turn(self, text: str) -> None:
        before = self.replies()
        self.page.fill("#say", text)
        self.page.press("#say", "Enter")
        self.wait_for_replies(before + 1)

    def speak_turn(self, text: str) -> None:
        before = self.replies()
        self.page.wait_for_function(
            "() => window.__recognizer && window.__recognizer.running", timeout=WAIT_MS
        )
        self.page.evaluate("text => window.__say(text)", text)
        self.wait_for_replies(before + 1)

    def end_call(self) -> None:
        self.page.click("#end")
        self.page.wait_for_selector("#scorecard:not([hidden]) .score", timeout=WAIT_MS)

    def texts(self, speaker: str) -> list[str]:
        found: list[str] = self.page.eval_on_selector_all(
            f"#transcript li.{speaker} .text", "items => items.map(i => i.textContent)"
        )
        return found

    def rep_labels(self) -> list[str]:
        found: list[str] = self.page.eval_on_selector_all(
            "#transcript li.rep", "items => items.map(i => i.dataset.labels ?? null)"
        )
        return found

    def current_session(self) -> str:
        session_id: str = self.page.get_attribute("#past button[aria-current=true]",
                                                  "data-session")
        return session_id

    def graded_again(self) -> dict[str, Any]:
        """The scorecard of the page's call, straight from the API."""
        response = httpx.post(f"{self.base_url}/v1/sessions/{self.current_session()}/grade")
        response.raise_for_status()
        card: dict[str, Any] = response.json()
        return card

    def spoken(self) -> list[str]:
        said: list[str] = self.page.evaluate("window.__spoken")
        return said

    def check_clean(self, *, blocked_ok: bool = False) -> None:
        """Nothing from another origin, no JavaScript error, no CSP violation (`blocked_ok`:
        the page's policy stopped a load from elsewhere before it left the browser)."""
        own = (self.base_url, "data:", f"blob:{self.base_url}")
        blocked = set(self.blocked) if blocked_ok else set()
        foreign = [u for u in self.requests if not u.startswith(own) and u not in blocked]
        assert foreign == [], f"loaded from outside the server: {foreign}"
        errors = [e for e in self.errors if not any(f"'{u}' violates" in e for u in blocked)]
        assert errors == [], f"errors in the page: {errors}"


def practice_page(
    browser: Any, base_url: str, *, viewport: dict[str, int] | None = None,
    recognition: bool = True,
) -> Practice:
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    context.add_init_script(FAKE_SPEECH)
    if not recognition:  # a browser without speech recognition (Firefox, say)
        context.add_init_script(
            "delete window.SpeechRecognition; delete window.webkitSpeechRecognition;"
        )
    page = context.new_page()
    practice = Practice(page, base_url)
    page.on("request", lambda request: practice.requests.append(request.url))
    page.on("requestfailed", lambda request: practice.blocked.append(request.url)
            if request.failure in ("csp", "net::ERR_BLOCKED_BY_CSP") else None)
    page.on("pageerror", lambda error: practice.errors.append(str(error)))
    page.on("console", lambda msg: practice.errors.append(msg.text) if msg.type == "error"
            else None)
    page.on("response", lambda response: practice.turn_responses.append(
        response.headers.get("content-type", "")) if response.url.endswith("/turns") else None)
    page.route("**/v1/sessions", _with_seed)
    return practice


def labels_of(card: dict[str, Any]) -> list[str]:
    """The contract labels of each rep turn, as the page writes them in `data-labels`."""
    names = ("asks", "tells", "probing", "premature", "argues")
    return [" ".join(n for n in names if turn[n]) for turn in card["turns"]
            if turn["speaker"] == "rep"]


def _with_seed(route: Any) -> None:
    """Start every session with SEED, so the offline prospect says the same on every run."""
    if route.request.method != "POST":
        route.continue_()
        return
    body = json.loads(route.request.post_data or "{}")
    route.continue_(post_data=json.dumps({**body, "seed": SEED}))


@pytest.fixture
def dev_page(browser: Any, dev_server: Server) -> Iterator[Practice]:
    practice = practice_page(browser, dev_server.base_url)
    yield practice
    practice.page.context.close()


def test_a_typed_call_streams_replies_speaks_them_and_ends_with_a_scorecard(
    dev_page: Practice, capsys: pytest.CaptureFixture[str]
) -> None:
    page = dev_page.open().page
    page.wait_for_selector("#who:has-text('Local development mode')")
    dev_page.wait_for_personas()
    page.select_option("#persona", PERSONA)
    assert "Tom Reyes" in page.inner_text("#persona-card")  # the situation, before dialling
    page.evaluate("""() => {  // every text the reply bubble shows while it is still streaming
        window.__partial = [];
        new MutationObserver(() => {
            const bubble = document.querySelector('#transcript li.streaming .text');
            if (bubble && bubble.textContent) window.__partial.push(bubble.textContent);
        }).observe(document.getElementById('transcript'),
                   {subtree: true, childList: true, characterData: true});
    }""")
    dev_page.start_call()
    for text in REP_TURNS:
        dev_page.type_turn(text)

    replies = dev_page.texts("prospect")
    assert len(replies) == 4 and all(replies)
    assert dev_page.texts("rep") == list(REP_TURNS)
    assert dev_page.turn_responses == ["text/event-stream; charset=utf-8"] * 3
    partial = page.evaluate("window.__partial")
    assert partial and all(any(r.startswith(p) for r in replies[1:]) for p in partial)
    assert " ".join(dev_page.spoken()).split() == " ".join(replies).split()
    assert page.locator("#transcript .live-labels:visible").count() == 0  # off by default

    dev_page.end_call()
    assert page.locator("#scorecard").evaluate("node => node === document.activeElement")
    card = dev_page.graded_again()  # what the API says; the page must show exactly that
    assert page.get_attribute("#scorecard .score", "data-score") == str(card["score"])
    assert page.locator("#scorecard .criterion").count() == len(card["criteria"]) >= 3
    assert dev_page.rep_labels() == labels_of(card)
    assert any("asks" in labels.split() for labels in dev_page.rep_labels())
    reviews = page.locator("#transcript li.rep .review")
    assert reviews.count() == 3 and all(reviews.nth(i).inner_text() for i in range(3))
    evidence = [e for c in card["criteria"] for e in c["evidence"]]
    assert page.locator("#transcript li.rep .evidence li").count() == len(evidence)
    assert page.locator("#transcript li.rep mark").count() >= min(1, len(evidence))
    assert page.locator("#transcript li.rep .better").count() == len(card["better_lines"])

    shot = artifacts_dir() / "practice-scorecard.png"
    page.screenshot(path=str(shot), full_page=True)
    with capsys.disabled():
        print(f"\nscorecard screenshot: {shot}")
    dev_page.check_clean()


def test_spoken_turns_are_labelled_like_the_same_turns_typed(
    browser: Any, dev_server: Server
) -> None:
    typed = practice_page(browser, dev_server.base_url).open()
    typed.start_call()
    for text in REP_TURNS:
        typed.type_turn(text)
    typed.end_call()

    spoken = practice_page(browser, dev_server.base_url).open()
    spoken.start_call()
    spoken.page.click("#mic")
    assert spoken.page.get_attribute("#mic", "aria-pressed") == "true"
    voice = [to_voice(text) for text in REP_TURNS]
    for text in voice:
        spoken.speak_turn(text)
    interims = spoken.page.evaluate("window.__interims")
    assert interims == [" ".join(t.split()[: -(-len(t.split()) // 2)]) for t in voice]
    spoken.end_call()

    assert spoken.texts("rep") == voice
    assert spoken.rep_labels() == typed.rep_labels() == labels_of(typed.graded_again())
    assert any("asks" in labels.split() for labels in spoken.rep_labels())
    for practice in (typed, spoken):
        practice.check_clean()
        practice.page.context.close()


def test_muted_the_prospect_is_not_spoken_and_live_labels_show_on_request(
    dev_page: Practice,
) -> None:
    page = dev_page.open().page
    dev_page.start_call()
    page.check("#live-labels")
    page.check("#mute")
    dev_page.type_turn(REP_TURNS[0])
    assert len(dev_page.spoken()) == 1  # only the opening, said before the mute
    chips = page.locator("#transcript li.rep .live-labels .chip")
    assert chips.first.is_visible() and "asks" in chips.all_inner_texts()
    page.reload()  # both switches are remembered
    dev_page.wait_for_personas()
    assert page.is_checked("#mute") and page.is_checked("#live-labels")
    dev_page.check_clean()


def test_when_the_prospect_hangs_up_the_scorecard_comes_at_once(dev_page: Practice) -> None:
    page = dev_page.open().page
    dev_page.start_call()
    pushy = "You are wrong. Our tool is the best on the market, you need to buy it today."
    for _ in range(6):
        dev_page.type_turn(pushy)
        if page.is_hidden("#composer"):
            break
    page.wait_for_selector("#scorecard:not([hidden]) .score", timeout=WAIT_MS)
    assert "hung up" in page.inner_text("#call-status")
    assert page.is_visible("#again")
    assert "argues" in " ".join(dev_page.rep_labels()).split()
    dev_page.check_clean()


def test_a_lost_reply_is_retried_with_the_same_key_and_the_turn_is_taken_once(
    dev_page: Practice,
) -> None:
    page = dev_page.open().page
    keys: list[str] = []

    def lose_the_first_reply(route: Any) -> None:
        keys.append(route.request.headers["idempotency-key"])
        if len(keys) == 1:
            route.fetch()  # the server takes the turn...
            route.abort("connectionreset")  # ...and the answer never reaches the page
        else:
            route.continue_()

    page.route("**/turns", lose_the_first_reply)
    dev_page.start_call()
    dev_page.type_turn(REP_TURNS[0])
    assert len(keys) == 2 and keys[0] == keys[1]
    stored = httpx.get(f"{dev_page.base_url}/v1/sessions/{dev_page.current_session()}").json()
    assert [t["speaker"] for t in stored["turns"]] == ["prospect", "rep", "prospect"]
    assert dev_page.texts("prospect")[-1] == stored["turns"][-1]["text"]
    dev_page.errors = [e for e in dev_page.errors if "ERR_CONNECTION_RESET" not in e]
    dev_page.check_clean()


def test_past_calls_are_listed_and_open_again_with_their_scorecard(dev_page: Practice) -> None:
    page = dev_page.open().page
    dev_page.start_call()
    dev_page.type_turn(REP_TURNS[0])
    dev_page.end_call()
    session_id = dev_page.current_session()

    page.reload()
    page.click(f"#past button[data-session='{session_id}']")
    page.wait_for_selector("#scorecard:not([hidden]) .score", timeout=WAIT_MS)
    assert dev_page.texts("rep") == [REP_TURNS[0]]
    assert page.is_hidden("#composer")
    dev_page.check_clean()


def test_development_mode_can_act_as_a_rep(dev_page: Practice) -> None:
    page = dev_page.open().page
    dev_page.wait_for_personas()
    page.fill("#act-as-name", "dana")
    page.check("#act-as-rep")
    page.wait_for_selector("#who:has-text('acting as the rep dana')")
    page.wait_for_selector("#past-empty:visible")  # the admin's calls are not dana's
    dev_page.start_call()
    page.wait_for_selector("#past li")
    assert page.locator("#past li").count() == 1
    page.uncheck("#act-as-rep")
    page.wait_for_selector("#who:has-text('the admin')")
    dev_page.check_clean()


def test_with_api_keys_the_page_asks_for_one_and_keeps_it(
    browser: Any, keyed_server: KeyedServer
) -> None:
    practice = practice_page(browser, keyed_server.server.base_url).open()
    page = practice.page
    page.wait_for_selector("#key-panel:visible")
    assert page.evaluate("document.activeElement.id") == "key-input"
    page.fill("#key-input", "rp_not_a_real_key")
    page.press("#key-input", "Enter")
    page.wait_for_selector("#notice:has-text('not accepted')")
    page.fill("#key-input", keyed_server.rep_key)
    page.click("#key-form button[type=submit]")
    page.wait_for_selector("#who:has-text('Signed in as sam (rep)')")
    assert page.is_hidden("#act-as-form")
    practice.start_call()
    practice.type_turn(REP_TURNS[0])

    page.reload()  # the key is kept in the browser
    page.wait_for_selector("#who:has-text('Signed in as sam')")
    page.wait_for_selector("#past li")
    # 401s while there was no key are the expected answer, logged by the browser as errors
    practice.errors = [e for e in practice.errors if "401" not in e]
    practice.check_clean()
    page.context.close()


def test_at_phone_width_by_keyboard_alone_without_speech_recognition(
    browser: Any, dev_server: Server
) -> None:
    practice = practice_page(
        browser, dev_server.base_url, viewport={"width": 375, "height": 740}, recognition=False
    )
    page = practice.open().page
    practice.wait_for_personas()
    assert page.is_hidden("#mic")
    assert "type your side" in page.inner_text("#voice-hint")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    unlabelled = page.evaluate("""() => [...document.querySelectorAll(
        'button, input, select, textarea')].filter(el => {
            const name = el.labels?.length ? el.labels[0].textContent.trim()
                : (el.getAttribute('aria-label') || el.textContent.trim());
            return !name;
        }).map(el => el.id || el.outerHTML)""")
    assert unlabelled == []

    page.focus("#persona")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "start"
    page.keyboard.press("Enter")
    practice.wait_for_replies(1)
    assert page.evaluate("document.activeElement.id") == "say"
    page.keyboard.type(REP_TURNS[2])
    page.keyboard.press("Enter")
    practice.wait_for_replies(2)
    page.focus("#end")
    page.keyboard.press("Enter")
    page.wait_for_selector("#scorecard:not([hidden]) .score", timeout=WAIT_MS)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    practice.check_clean()
    page.context.close()


@pytest.mark.parametrize(("path", "ready"), [
    ("/docs", ".swagger-ui .btn.authorize"),
    ("/redoc", "redoc-wrap, .redoc-wrap"),
])
def test_api_docs_render_with_no_cdn(
    browser: Any, dev_server: Server, path: str, ready: str
) -> None:
    practice = practice_page(browser, dev_server.base_url)
    practice.page.goto(dev_server.base_url + path)
    practice.page.wait_for_selector(ready, timeout=WAIT_MS)
    practice.page.wait_for_load_state("networkidle")
    practice.check_clean(blocked_ok=True)  # ReDoc's vendor logo: blocked by the page's CSP
    practice.page.context.close()

