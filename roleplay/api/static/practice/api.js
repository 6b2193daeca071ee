// The roleplay HTTP API as a frontend uses it: keys, problems, idempotent retries, SSE turns.
// Nothing here knows about the page; app.js does. See docs/api.md for every route used.

const KEY_STORAGE = "roleplay.apiKey";
const REP_STORAGE = "roleplay.actAsRep";
export const DEV_REP_HEADER = "X-Roleplay-Rep";

const RETRIES = 2; // after the first try: network errors and 503s, with the same Idempotency-Key
const MAX_WAIT_SECONDS = 10;

/** An RFC 9457 problem from the API (or a network failure, status 0). */
export class ApiError extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.problem = problem;
    this.status = status;
    this.retryAfter = problem.retry_after ?? null;
  }
}

/** A unique key per logical request; crypto.randomUUID needs a secure context, this does not. */
export function newIdempotencyKey() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: keys last for this page only
  }
}

function sleep(seconds) {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}

export class Api {
  /** @param {string} base the API root, e.g. "../v1" (relative to the page) */
  constructor(base) {
    this.base = base.replace(/\/$/, "");
    this.key = storage()?.getItem(KEY_STORAGE) || null;
    this.actAs = storage()?.getItem(REP_STORAGE) || null;
  }

  setKey(key) {
    this.key = key || null;
    if (key) storage()?.setItem(KEY_STORAGE, key);
    else storage()?.removeItem(KEY_STORAGE);
  }

  /** Development mode only: act as the rep `name` (null: the local admin). */
  setActAs(name) {
    this.actAs = name || null;
    if (name) storage()?.setItem(REP_STORAGE, name);
    else storage()?.removeItem(REP_STORAGE);
  }

  headers(extra = {}) {
    const headers = { Accept: "application/json", ...extra };
    if (this.key) headers.Authorization = `Bearer ${this.key}`;
    else if (this.actAs) headers[DEV_REP_HEADER] = this.actAs;
    return headers;
  }

  /** A response, or an ApiError. Requests that are safe to repeat (GET, `safe`, or with an
   *  Idempotency-Key) are retried after a network error or a 503 (Retry-After honoured). */
  async request(method, path, { body, idempotencyKey, accept, safe } = {}) {
    const repeatable = Boolean(safe || idempotencyKey || method === "GET");
    const headers = this.headers(accept ? { Accept: accept } : {});
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
    const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
    for (let attempt = 0; ; attempt++) {
      let response;
      try {
        response = await fetch(this.base + path, init);
      } catch (err) {
        if (attempt < RETRIES && repeatable) {
          await sleep(0.5 * (attempt + 1));
          continue;
        }
        throw new ApiError({ title: "Network error", detail: `the server cannot be reached (${err.message})` }, 0);
      }
      if (response.ok) return response;
      const problem = await problemOf(response);
      if (response.status === 503 && repeatable && attempt < RETRIES) {
        await sleep(Math.min(MAX_WAIT_SECONDS, Number(response.headers.get("Retry-After")) || 1));
        continue;
      }
      throw new ApiError(problem, response.status);
    }
  }

  async json(method, path, options) {
    const response = await this.request(method, path, options);
    return response.json();
  }

  me() { return this.json("GET", "/me"); }
  personas() { return this.json("GET", "/personas"); }
  sessions(cursor) {
    const query = new URLSearchParams({ limit: "10" });
    if (cursor) query.set("cursor", cursor);
    return this.json("GET", `/sessions?${query}`);
  }
  session(id) { return this.json("GET", `/sessions/${encodeURIComponent(id)}`); }
  startSession(persona) {
    return this.json("POST", "/sessions", { body: { persona }, idempotencyKey: newIdempotencyKey() });
  }
  // Ending twice changes nothing and grading stores nothing: both are safe to repeat.
  endSession(id) { return this.json("POST", `/sessions/${encodeURIComponent(id)}/end`, { safe: true }); }
  grade(id) { return this.json("POST", `/sessions/${encodeURIComponent(id)}/grade`, { safe: true }); }

  /**
   * One rep turn, streamed. Calls onDelta(text) for each piece of the prospect's reply and
   * onRestart() when a broken stream is retried (the reply starts over); resolves with the
   * TurnResult. A dropped connection is retried with the same Idempotency-Key, so the turn
   * is taken once: the server replays the stored one.
   */
  async takeTurn(sessionId, text, { onDelta, onRestart }) {
    const idempotencyKey = newIdempotencyKey();
    const path = `/sessions/${encodeURIComponent(sessionId)}/turns`;
    for (let attempt = 0; ; attempt++) {
      const response = await this.request("POST", path, {
        body: { text }, idempotencyKey, accept: "text/event-stream",
      });
      try {
        return await readTurnStream(response, onDelta);
      } catch (err) {
        const broken = !(err instanceof ApiError) || err.status === 503;
        if (!broken || attempt >= RETRIES) throw err;
        onRestart?.();
        await sleep(Math.min(MAX_WAIT_SECONDS, err.retryAfter || 0.5));
      }
    }
  }
}

async function problemOf(response) {
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("json")) {
    try {
      return await response.json();
    } catch { /* fall through */ }
  }
  return { title: response.statusText || `HTTP ${response.status}`, status: response.status };
}

/** The events of an SSE body, as {event, data} with data parsed as JSON; comments skipped. */
export async function* sseEvents(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
    const blocks = buffer.split(/\r?\n\r?\n/);
    buffer = done ? "" : blocks.pop();
    for (const block of blocks) {
      const event = parseBlock(block);
      if (event) yield event;
    }
    if (done) return;
  }
}

function parseBlock(block) {
  let event = "message";
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return data.length ? { event, data: JSON.parse(data.join("\n")) } : null;
}

async function readTurnStream(response, onDelta) {
  const type = response.headers.get("Content-Type") || "";
  if (!type.includes("text/event-stream")) {
    const result = await response.json(); // a proxy that does not stream: plain TurnResult
    onDelta(result.prospect.text);
    return result;
  }
  let result = null;
  for await (const { event, data } of sseEvents(response)) {
    if (event === "delta") onDelta(data.text);
    else if (event === "turn") result = data;
    else if (event === "error") throw new ApiError(data, data.status || 500);
    else if (event === "done") break;
  }
  if (!result) throw new Error("the reply stream ended early");
  return result;
}
