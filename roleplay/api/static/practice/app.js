// The practice page: pick a prospect, hold the call by voice or by typing, read the scorecard.
// Every call goes through the public /v1 API (api.js); speech through the browser (speech.js).

import { Api, ApiError } from "./api.js";
import { Listener, Voice } from "./speech.js";

const $ = (id) => document.getElementById(id);
const api = new Api(new URL("../v1", document.baseURI).pathname);
const voice = new Voice();
const listener = new Listener({
  onInterim: showHeard,
  onFinal: (text) => sendTurn(text),
  onState: showListening,
  onError: (message, fatal) => {
    showNotice(message);
    if (fatal) setMic(false);
  },
});

const PREFS = { mute: "roleplay.mute", labels: "roleplay.liveLabels", persona: "roleplay.persona" };
const REP_LABELS = {
  asks: ["asks", "good"],
  asks_permission: ["asks permission", "good"],
  earns_right: ["earns the right", "good"],
  explores_objection: ["explores the objection", "good"],
  probing: ["probes", "neutral"],
  tells: ["tells", "warn"],
  premature: ["probes too early", "bad"],
  argues: ["argues", "bad"],
};
const CONTRACT_LABELS = ["asks", "tells", "probing", "premature", "argues"];
const VERDICTS = {
  helped: "This turn helped",
  hurt: "This turn hurt",
  mixed: "This turn helped and hurt",
  plain: "Neither helped nor hurt",
};
const END_REASONS = {
  patience: "ran out of patience and hung up",
  next_step: "agreed to a next step",
  ended_by_rep: "the call was ended",
};

const state = {
  me: null,
  personas: new Map(),
  session: null,
  busy: false,
  pastCursor: null,
};

// ---------------------------------------------------------------- small helpers

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function pref(name, fallback) {
  try {
    const value = localStorage.getItem(name);
    return value === null ? fallback : value;
  } catch {
    return fallback;
  }
}

function savePref(name, value) {
  try {
    localStorage.setItem(name, value);
  } catch { /* storage disabled */ }
}

function showNotice(message) {
  const notice = $("notice");
  notice.textContent = message || "";
  notice.hidden = !message;
}

function setStatus(message) {
  $("call-status").textContent = message;
}

function firstName(persona) {
  return persona ? persona.name.split(" ")[0] : "The prospect";
}

function personaOf(session) {
  return state.personas.get(session.persona) || null;
}

// ---------------------------------------------------------------- who is calling

async function connect() {
  showNotice("");
  try {
    state.me = await api.me();
  } catch (err) {
    state.me = null;
    if (err.status === 401) {
      $("who").textContent = "This server needs an API key.";
      openKeyPanel(api.key ? `That key was not accepted: ${err.message}` : "");
      return;
    }
    if (err.status === 403 && api.actAs) {
      api.setActAs(null); // a keyed server refuses the development header: drop it
      return connect();
    }
    $("who").textContent = "Not connected.";
    showNotice(err.message);
    return;
  }
  if (state.me.development_mode && api.key) api.setKey(null); // a key this server does not use
  renderWho();
  closeKeyPanel();
  await Promise.all([loadPersonas(), loadPast()]);
}

function renderWho() {
  const { me } = state;
  const dev = me.development_mode;
  $("who").textContent = !dev
    ? `Signed in as ${me.name} (${me.role}).`
    : me.role === "rep"
      ? `Local development mode: acting as the rep ${me.name}.`
      : `Local development mode: no key needed; you are the ${me.role} "${me.name}".`;
  $("act-as-form").hidden = !dev;
  $("act-as-rep").checked = dev && Boolean(api.actAs);
  if (api.actAs) $("act-as-name").value = api.actAs;
  $("key-button").textContent = api.key ? "API key ✓" : "API key";
}

function openKeyPanel(message) {
  $("key-panel").hidden = false;
  $("key-button").setAttribute("aria-expanded", "true");
  $("key-forget").hidden = !api.key;
  if (message) showNotice(message);
  $("key-input").focus();
}

function closeKeyPanel() {
  $("key-panel").hidden = true;
  $("key-button").setAttribute("aria-expanded", "false");
}

async function saveKey(event) {
  event.preventDefault();
  const key = $("key-input").value.trim();
  if (!key) {
    showNotice("Paste your API key first.");
    $("key-input").focus();
    return;
  }
  api.setKey(key);
  $("key-input").value = "";
  await connect();
  if (!state.me) api.setKey(null); // not accepted: do not keep it
}

async function forgetKey() {
  api.setKey(null);
  await connect();
}

async function actAsChanged() {
  const name = $("act-as-name");
  if ($("act-as-rep").checked && !name.checkValidity()) {
    showNotice("A rep name is letters, digits, and . _ @ - (up to 64).");
    name.focus();
    return;
  }
  api.setActAs($("act-as-rep").checked ? name.value.trim() : null);
  leaveCall();
  await connect();
}

// ---------------------------------------------------------------- personas and past calls

async function loadPersonas() {
  const personas = await api.personas().catch((err) => {
    showNotice(err.message);
    return [];
  });
  state.personas = new Map(personas.map((p) => [p.id, p]));
  const select = $("persona");
  const wanted = select.value || pref(PREFS.persona, "");
  select.replaceChildren(...personas.map((p) => el("option", {
    value: p.id, text: `${p.name}, ${p.title} (${p.difficulty})`,
  })));
  if (state.personas.has(wanted)) select.value = wanted;
  renderPersonaCard();
}

function renderPersonaCard() {
  const persona = state.personas.get($("persona").value);
  const card = $("persona-card");
  if (!persona) {
    card.replaceChildren(el("p", { class: "hint", text: "No prospects on this server." }));
    $("start").disabled = true;
    return;
  }
  $("start").disabled = false;
  savePref(PREFS.persona, persona.id);
  card.replaceChildren(
    el("p", { class: "persona-name" }, `${persona.name}`,
      el("span", { class: `badge difficulty-${persona.difficulty}`, text: persona.difficulty })),
    el("p", { class: "persona-role", text: `${persona.title}, ${persona.company} (${persona.industry})` }),
    el("p", { class: "persona-summary", text: persona.summary }),
    el("h3", { text: "The situation" }),
    el("p", { class: "persona-situation", text: persona.situation }),
  );
}

async function loadPast(more = false) {
  let page;
  try {
    page = await api.sessions(more ? state.pastCursor : null);
  } catch (err) {
    showNotice(err.message);
    return;
  }
  state.pastCursor = page.next;
  const items = page.items.map((summary) => pastItem(summary));
  if (more) $("past").append(...items);
  else $("past").replaceChildren(...items);
  $("past-empty").hidden = $("past").children.length > 0;
  $("past-more").hidden = !page.next;
}

function pastItem(summary) {
  const persona = state.personas.get(summary.persona);
  const when = new Date(summary.created_at);
  const repTurns = Math.floor(summary.turn_count / 2);
  const label = `${persona ? persona.name : summary.persona}`;
  const detail = `${repTurns} ${repTurns === 1 ? "turn" : "turns"} · ${summary.ended ? "ended" : "open"}`;
  const current = state.session && state.session.id === summary.id ? "true" : null;
  const button = el("button", {
    type: "button", class: "past-call", "data-session": summary.id, "aria-current": current,
  },
    el("span", { class: "past-name", text: label }),
    el("span", { class: "past-detail", text: detail }),
    el("time", { datetime: summary.created_at, text: when.toLocaleString() }));
  button.addEventListener("click", () => openPast(summary.id));
  return el("li", {}, button);
}

async function openPast(sessionId) {
  if (state.busy) return;
  try {
    const session = await api.session(sessionId);
    openCall(session);
    if (session.ended) await showScorecard();
    else focusComposer();
  } catch (err) {
    showNotice(err.message);
  }
}

// ---------------------------------------------------------------- the call

async function startCall(event) {
  event.preventDefault();
  if (state.busy) return;
  const persona = $("persona").value;
  if (!persona) return;
  state.busy = true;
  $("start").disabled = true;
  showNotice("");
  try {
    const session = await api.startSession(persona);
    openCall(session);
    const opening = session.turns[0];
    if (opening) voice.speak(opening.text);
    focusComposer();
    loadPast();
  } catch (err) {
    showNotice(err.message);
  } finally {
    state.busy = false;
    $("start").disabled = false;
  }
}

function openCall(session) {
  setMic(false);
  voice.cancel();
  state.session = session;
  const persona = personaOf(session);
  $("call-title").textContent = persona
    ? `Call with ${persona.name}, ${persona.title}, ${persona.company}`
    : `Call ${session.id}`;
  $("transcript").replaceChildren(...session.turns.map((turn) => turnItem(turn)));
  $("scorecard").hidden = true;
  $("scorecard").replaceChildren();
  $("call-body").classList.remove("graded");
  const ended = session.ended;
  $("composer").hidden = ended;
  $("after").hidden = !ended;
  const resumed = session.turns.length > 1;
  setStatus(ended ? endedText(session)
    : resumed ? "Back in the call. Your turn." : `${firstName(persona)} has picked up. Your turn.`);
  markCurrent(session.id);
}

function leaveCall() {
  setMic(false);
  voice.cancel();
  state.session = null;
  markCurrent(null);
  $("transcript").replaceChildren();
  $("scorecard").hidden = true;
  $("composer").hidden = true;
  $("after").hidden = true;
  $("call-title").textContent = "No call yet";
  setStatus("Pick a prospect, read the situation, and start the call.");
}

function markCurrent(sessionId) {
  for (const button of $("past").querySelectorAll("button[data-session]")) {
    if (button.dataset.session === sessionId) button.setAttribute("aria-current", "true");
    else button.removeAttribute("aria-current");
  }
}

function speakerName(turn) {
  return turn.speaker === "rep" ? "You" : firstName(personaOf(state.session));
}

function turnItem(turn) {
  const item = el("li", {
    class: `turn ${turn.speaker}`, "data-speaker": turn.speaker,
    "data-index": turn.index ?? null, "data-final": turn.index !== undefined ? "true" : null,
  },
  el("span", { class: "speaker", text: speakerName(turn) }),
  el("p", { class: "text", text: turn.text }),
  el("div", { class: "live-labels" }),
  el("div", { class: "review" }));
  if (turn.labels) renderLiveLabels(item, turn);
  return item;
}

function renderLiveLabels(item, turn) {
  const box = item.querySelector(".live-labels");
  const chips = [];
  if (turn.speaker === "rep") {
    for (const [name, [text, tone]] of Object.entries(REP_LABELS)) {
      if (turn.labels[name]) chips.push(el("span", { class: `chip ${tone}`, text }));
    }
  } else if (turn.labels.objection) {
    const kind = turn.labels.kind ? `: ${turn.labels.kind.replaceAll("_", " ")}` : "";
    chips.push(el("span", { class: "chip warn", text: `objection${kind}` }));
  }
  box.replaceChildren(...chips);
  box.setAttribute("aria-label", chips.length ? "Live labels" : "No labels");
}

function focusComposer() {
  if (!$("composer").hidden) $("say").focus();
}

async function sendTurn(text) {
  const session = state.session;
  const said = text.trim();
  if (!said || !session || session.ended) return;
  if (state.busy) {
    showNotice("Wait for the prospect to finish answering.");
    return;
  }
  state.busy = true;
  showNotice("");
  listener.pause();
  setComposerBusy(true);
  const persona = personaOf(session);
  const repItem = turnItem({ speaker: "rep", text: said });
  const reply = turnItem({ speaker: "prospect", text: "" });
  reply.classList.add("streaming");
  reply.setAttribute("aria-busy", "true");
  $("transcript").append(repItem, reply);
  reply.scrollIntoView({ block: "nearest" });
  setStatus(`${firstName(persona)} is answering…`);
  const replyText = reply.querySelector(".text");
  try {
    const result = await api.takeTurn(session.id, said, {
      onDelta: (piece) => {
        replyText.textContent += piece;
        voice.speak(piece);
        reply.scrollIntoView({ block: "nearest" });
      },
      onRestart: () => {
        replyText.textContent = "";
        voice.cancel();
      },
    });
    repItem.replaceWith(turnItem(result.rep));
    reply.replaceWith(turnItem(result.prospect));
    session.turns.push(result.rep, result.prospect);
    if (result.ended) {
      session.ended = true;
      session.end_reason = result.end_reason;
      state.busy = false;
      listener.stop();
      await showScorecard();
      loadPast();
      return;
    }
    setStatus("Your turn.");
  } catch (err) {
    repItem.remove();
    reply.remove();
    if (!$("say").value.trim()) $("say").value = said; // nothing was lost: send it again
    showNotice(err instanceof ApiError ? err.message : `The reply failed: ${err.message}`);
    setStatus("Your turn.");
  } finally {
    state.busy = false;
    setComposerBusy(false);
  }
  await voice.finished();
  if (state.session === session && !session.ended) listener.resume();
}

function setComposerBusy(busy) {
  $("send").disabled = busy;
  $("end").disabled = busy;
  $("composer").setAttribute("aria-busy", busy ? "true" : "false");
}

function submitTyped(event) {
  event.preventDefault();
  const text = $("say").value;
  if (!text.trim() || state.busy) return;
  $("say").value = "";
  sendTurn(text);
}

function composerKeys(event) {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $("composer").requestSubmit();
  }
}

async function endCall() {
  const session = state.session;
  if (!session || state.busy) return;
  state.busy = true;
  listener.stop();
  voice.cancel();
  setStatus("Ending the call…");
  try {
    state.session = await api.endSession(session.id);
  } catch (err) {
    showNotice(err.message);
    state.busy = false;
    return;
  }
  state.busy = false;
  await showScorecard();
  loadPast();
}

function endedText(session) {
  const persona = personaOf(session);
  const reason = END_REASONS[session.end_reason] || "the call ended";
  return session.end_reason === "ended_by_rep" || !session.end_reason
    ? "The call has ended."
    : `${firstName(persona)} ${reason}.`;
}

// ---------------------------------------------------------------- the scorecard

async function showScorecard() {
  const session = state.session;
  setMic(false);
  $("composer").hidden = true;
  $("after").hidden = false;
  setStatus(`${endedText(session)} Grading…`);
  let card;
  try {
    card = await api.grade(session.id);
  } catch (err) {
    showNotice(err.message);
    setStatus(endedText(session));
    return;
  }
  if (state.session !== session) return;
  renderScorecard(card);
  annotateTranscript(card, session);
  setStatus(`${endedText(session)} Your scorecard is ready.`);
  $("call-body").classList.add("graded");
  $("scorecard").hidden = false;
  $("scorecard").focus();
}

function levelText(criterion) {
  return criterion.score === null ? "does not apply" : `${criterion.score} · ${criterion.level}`;
}

function renderScorecard(card) {
  const stats = el("dl", { class: "stats" });
  const stat = (name, value) => stats.append(el("dt", { text: name }), el("dd", { text: value }));
  if (card.talk_ratio !== null) stat("Your share of the words", `${Math.round(card.talk_ratio * 100)}%`);
  stat("Questions you asked", String(card.questions_asked));
  if (card.longest_monologue) stat("Your longest turn", `${card.longest_monologue.words} words`);
  const criteria = card.criteria.map((criterion) => el("li", { class: `criterion level-${criterion.level.replace("/", "")}` },
    el("div", { class: "criterion-head" },
      el("span", { class: "criterion-name", text: criterion.name }),
      el("span", { class: "criterion-score", text: levelText(criterion) })),
    el("p", { class: "criterion-text", text: criterion.description })));
  $("scorecard").replaceChildren(
    el("h3", { id: "score-title" }, "Scorecard ",
      el("span", { class: "score", "data-score": card.score ?? "", text: card.score === null ? "–" : String(card.score) }),
      card.score === null ? null : el("span", { class: "out-of", text: "/100" })),
    el("p", { class: "hint", text: `Rubric: ${card.rubric}. Each of your turns in the transcript is marked with what it did, the evidence, and a better line where one would have helped.` }),
    el("ul", { class: "criteria" }, ...criteria),
    stats,
  );
}

function annotateTranscript(card, session) {
  const evidence = new Map();
  for (const criterion of card.criteria) {
    for (const item of criterion.evidence) {
      if (!evidence.has(item.turn)) evidence.set(item.turn, []);
      evidence.get(item.turn).push({ ...item, criterion: criterion.name });
    }
  }
  const better = new Map(card.better_lines.map((line) => [line.turn, line]));
  const items = [...$("transcript").children];
  for (const labels of card.turns) {
    const item = items.find((li) => Number(li.dataset.index) === labels.index);
    if (!item || labels.speaker !== "rep") continue;
    const found = evidence.get(labels.index) || [];
    const line = better.get(labels.index);
    const turn = session.turns.find((t) => t.index === labels.index);
    markQuotes(item.querySelector(".text"), turn ? turn.text : "", found);
    const on = CONTRACT_LABELS.filter((name) => labels[name]);
    item.dataset.labels = on.join(" ");
    const hurt = Boolean(line) || found.some((e) => !e.positive);
    const helped = found.some((e) => e.positive);
    const verdict = hurt && helped ? "mixed" : hurt ? "hurt" : helped ? "helped" : "plain";
    item.classList.add(verdict);
    const chips = Object.entries(REP_LABELS)
      .filter(([name]) => labels[name])
      .map(([, [text, tone]]) => el("span", { class: `chip ${tone}`, text }));
    const review = item.querySelector(".review");
    review.replaceChildren(...[
      el("p", { class: "verdict", text: VERDICTS[verdict] }),
      el("div", { class: "chips", "aria-label": "Labels" }, ...(chips.length ? chips : [el("span", { class: "chip", text: "no labels" })])),
      found.length ? el("ul", { class: "evidence" }, ...found.map((e) => el("li", { class: e.positive ? "good" : "bad" },
        el("span", { class: "visually-hidden", text: e.positive ? "Strength: " : "Problem: " }),
        `${e.why} `, el("span", { class: "criterion-tag", text: `(${e.criterion})` })))) : null,
      line ? el("p", { class: "better" }, el("strong", { text: "Better: " }), `“${line.better}”`,
        el("span", { class: "problem", text: ` (${line.problem})` })) : null,
    ].filter(Boolean));
  }
}

/** The rep's text with each quoted piece of evidence marked, so the card points at their words. */
function markQuotes(node, text, found) {
  const spans = [];
  for (const item of found) {
    const at = item.quote ? text.indexOf(item.quote) : -1;
    if (at < 0 || spans.some((s) => at < s.end && at + item.quote.length > s.start)) continue;
    spans.push({ start: at, end: at + item.quote.length, positive: item.positive });
  }
  spans.sort((a, b) => a.start - b.start);
  const parts = [];
  let cursor = 0;
  for (const span of spans) {
    parts.push(text.slice(cursor, span.start));
    parts.push(el("mark", { class: span.positive ? "good" : "bad", text: text.slice(span.start, span.end) }));
    cursor = span.end;
  }
  parts.push(text.slice(cursor));
  node.replaceChildren(...parts);
}

// ---------------------------------------------------------------- voice

function setMic(on) {
  const mic = $("mic");
  mic.setAttribute("aria-pressed", on ? "true" : "false");
  mic.textContent = on ? "Stop talking" : "Talk";
  if (!on) {
    listener.stop();
    return;
  }
  // Not while the prospect is still speaking: the microphone would hear them.
  voice.finished().then(() => {
    if (mic.getAttribute("aria-pressed") === "true") listener.start();
  });
}

function showListening(listening) {
  $("mic").classList.toggle("listening", listening);
  $("heard").hidden = !listening && !$("heard").textContent;
  if (listening && !state.busy) setStatus("Listening… speak now.");
}

function showHeard(text) {
  const heard = $("heard");
  heard.textContent = text;
  heard.hidden = !text && !$("mic").classList.contains("listening");
}

// ---------------------------------------------------------------- wiring

function wire() {
  $("key-button").addEventListener("click", () => {
    if ($("key-panel").hidden) openKeyPanel("");
    else closeKeyPanel();
  });
  $("key-form").addEventListener("submit", saveKey);
  $("key-forget").addEventListener("click", forgetKey);
  $("act-as-rep").addEventListener("change", actAsChanged);
  $("act-as-form").addEventListener("submit", (event) => {
    event.preventDefault();
    actAsChanged();
  });
  $("act-as-name").addEventListener("change", () => {
    if ($("act-as-rep").checked) actAsChanged();
  });
  $("persona").addEventListener("change", renderPersonaCard);
  $("setup-form").addEventListener("submit", startCall);
  $("past-more").addEventListener("click", () => loadPast(true));
  $("composer").addEventListener("submit", submitTyped);
  $("say").addEventListener("keydown", composerKeys);
  $("end").addEventListener("click", endCall);
  $("again").addEventListener("click", () => {
    if (state.session) $("persona").value = state.session.persona;
    renderPersonaCard();
    $("setup-form").requestSubmit();
  });
  $("new-call").addEventListener("click", () => {
    leaveCall();
    $("persona").focus();
  });
  $("mic").addEventListener("click", () => setMic($("mic").getAttribute("aria-pressed") !== "true"));

  const mute = $("mute");
  mute.checked = pref(PREFS.mute, "false") === "true";
  voice.setMuted(mute.checked);
  mute.addEventListener("change", () => {
    voice.setMuted(mute.checked);
    savePref(PREFS.mute, String(mute.checked));
  });
  const labels = $("live-labels");
  labels.checked = pref(PREFS.labels, "false") === "true";
  $("transcript").classList.toggle("show-labels", labels.checked);
  labels.addEventListener("change", () => {
    $("transcript").classList.toggle("show-labels", labels.checked);
    savePref(PREFS.labels, String(labels.checked));
  });

  $("mic").hidden = !listener.supported;
  $("voice-hint").textContent = listener.supported
    ? "Or press Talk and speak (your browser's speech service transcribes it): your turn is sent when you pause."
    : "This browser has no speech recognition: type your side of the call.";
  if (!voice.supported) {
    mute.disabled = true;
    mute.closest("label").title = "This browser cannot speak";
  }
}

wire();
connect();
