"""Character Cards (V1, V2, V3): the format character writers use, as persona files to edit.

    read_card(path)            the card's JSON from a `.json` file, or from a PNG's text chunk
                               (`ccv3` for V3, preferred; `chara` for V2/V1), base64 encoded
    to_persona(card, id)       an `Imported`: the persona's fields, what was left out and why
    persona_yaml(imported)     the persona file, with a header saying what to check and fill in

What fits is mapped: name, personality, scenario (the situation), first message and alternate
greetings (openings), the character's lines from the example dialogue (neutral stock lines) and
enabled lorebook entries (facts the rep has to ask about). What a card cannot say (title,
company, industry, speaking style) is a `TODO` that `roleplay check` warns about.

Nothing executable or remote is kept: `system_prompt` and `post_history_instructions` (orders
for a model), `extensions` (app scripts, regexes, depth prompts), `assets` (files and URLs),
HTML, links and template macros other than `{{char}}` and `{{user}}`. Creator notes are for the
trainer: they go into the file's header comment, never into a field that reaches a prompt.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roleplay.errors import InputError
from roleplay.files import dump_yaml

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_FILE_BYTES = 50_000_000
MAX_TEXT_BYTES = 5_000_000
"""A text chunk inflates to at most this much (no decompression bombs)."""
CARD_KEYS = ("ccv3", "chara")
"""PNG text chunks holding a card, in order of preference (V3 first)."""
TODO = "TODO"
DROPPED_FIELDS = {
    "system_prompt": "an instruction to a model (our prompts come from the engine)",
    "post_history_instructions": "an instruction to a model",
    "extensions": "app-specific data (scripts, regexes, depth prompts)",
    "assets": "files and remote URLs",
    "group_only_greetings": "group chats only",
    "creator_notes_multilingual": "notes for the trainer",
}
MAX_LINES = 6
MAX_FACTS = 12
MAX_CHARS = 400


# --- reading -------------------------------------------------------------------------------------


def read_card(path: Path) -> dict[str, Any]:
    """The card of a JSON or PNG file; InputError saying what is wrong otherwise."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(f"{path}: larger than {MAX_FILE_BYTES // 1_000_000} MB; not a card")
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err}") from None
    if raw.startswith(PNG_SIGNATURE):
        chunks = png_text(raw, path)
        key = next((k for k in CARD_KEYS if k in chunks), None)
        if key is None:
            raise InputError(f"{path}: a PNG without a character card (no 'ccv3' or 'chara' "
                             "text chunk)")
        return _json(_unbase64(chunks[key], path, key), path)
    try:
        return _json(raw.decode("utf-8-sig"), path)
    except UnicodeDecodeError:
        raise InputError(f"{path}: neither a PNG nor UTF-8 JSON") from None


def png_text(raw: bytes, path: Path) -> dict[str, str]:
    """Every tEXt, zTXt and iTXt chunk of a PNG, keyword -> text (checked with each CRC)."""
    found: dict[str, str] = {}
    pos = len(PNG_SIGNATURE)
    while pos + 8 <= len(raw):
        length, kind = struct.unpack(">I4s", raw[pos:pos + 8])
        data, crc = raw[pos + 8:pos + 8 + length], raw[pos + 8 + length:pos + 12 + length]
        if len(data) < length or len(crc) < 4:
            raise InputError(f"{path}: the PNG is cut short in its {kind!r} chunk")
        if zlib.crc32(kind + data) != struct.unpack(">I", crc)[0]:
            raise InputError(f"{path}: the PNG's {kind.decode('latin-1')} chunk is damaged "
                             "(bad CRC)")
        if kind in (b"tEXt", b"zTXt", b"iTXt"):
            key, text = _text_chunk(kind, data, path)
            found.setdefault(key, text)
        if kind == b"IEND":
            break
        pos += 12 + length
    return found


def _text_chunk(kind: bytes, data: bytes, path: Path) -> tuple[str, str]:
    key, _, rest = data.partition(b"\0")
    name = key.decode("latin-1")
    if kind == b"tEXt":
        return name, rest.decode("latin-1")
    if kind == b"zTXt":
        return name, _inflate(rest[1:], path).decode("latin-1")
    compressed, rest = rest[:1] == b"\1", rest[2:]
    _language, _, rest = rest.partition(b"\0")
    _translated, _, text = rest.partition(b"\0")
    return name, (_inflate(text, path) if compressed else text).decode("utf-8", "replace")


def _inflate(data: bytes, path: Path) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_TEXT_BYTES)
    except zlib.error:
        raise InputError(f"{path}: a compressed text chunk of the PNG is damaged") from None
    if inflater.unconsumed_tail:
        raise InputError(f"{path}: a text chunk inflates to more than {MAX_TEXT_BYTES} bytes")
    return out


def _unbase64(text: str, path: Path, key: str) -> str:
    if text.lstrip().startswith("{"):
        return text  # some tools store the JSON as is
    try:
        return base64.b64decode(text.strip(), validate=False).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise InputError(f"{path}: the {key!r} chunk is not base64-encoded JSON") from None


def _json(text: str, path: Path) -> dict[str, Any]:
    try:
        card = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{path}: the card is not valid JSON: {err.msg} (line {err.lineno})"
                         ) from None
    if not isinstance(card, dict):
        raise InputError(f"{path}: the card is not a JSON object")
    inner = card.get("data")
    data: dict[str, Any] = inner if isinstance(inner, dict) else card
    if not _text(data.get("name")):
        raise InputError(f"{path}: the card has no name: not a character card")
    return card


# --- mapping -------------------------------------------------------------------------------------


@dataclass
class Imported:
    """A persona made from a card: its fields, and notes for the file's header."""

    persona_id: str
    fields: dict[str, Any]
    spec: str
    dropped: list[str] = field(default_factory=list)
    creator_notes: str = ""
    credits: list[str] = field(default_factory=list)


def to_persona(card: dict[str, Any], persona_id: str | None = None) -> Imported:
    """Map a card onto persona fields (V1 cards are flat; V2 and V3 keep them under `data`)."""
    data: dict[str, Any] = card["data"] if isinstance(card.get("data"), dict) else card
    spec = str(card.get("spec") or "chara_card_v1")
    name = _clean(_text(data.get("name")), "", "")[0] or "Unnamed"
    cleaner = Cleaner(name)
    persona_id = persona_id or slug(name)
    if not re.fullmatch(r"[a-z][a-z0-9_]*", persona_id):
        raise InputError(f"persona id {persona_id!r}: use lowercase letters, digits and "
                         "underscores, starting with a letter (--id)")
    description = cleaner(data.get("description"))
    openings = [cleaner.spoken(g) for g in [data.get("first_mes"),
                                            *_list(data.get("alternate_greetings"))]]
    fields: dict[str, Any] = {
        "name": name,
        "title": f"{TODO}: job title",
        "company": f"{TODO}: company",
        "industry": f"{TODO}: industry",
        "difficulty": "medium",
        "summary": _first_sentence(description) or f"{TODO}: one line for the persona list",
        "situation": cleaner(data.get("scenario")) or f"{TODO}: what the rep knows before "
        "dialling (shown to the rep)",
        "personality": cleaner(data.get("personality")) or description or f"{TODO}: "
        "how they come across",
        "speaking_style": f"{TODO}: how they talk on the phone",
        "opening": [o for o in openings if o][:MAX_LINES] or ["Hello?"],
        "lines": {"neutral": cleaner.example_lines(data.get("mes_example"))},
        "facts": _facts(data.get("character_book"), cleaner),
        "ending": {"out_of_patience": ["I have to go. Goodbye."]},
    }
    if not fields["lines"]["neutral"]:
        del fields["lines"]
    if not fields["facts"]:
        del fields["facts"]
    dropped = [f"{key}: {why}" for key, why in DROPPED_FIELDS.items() if data.get(key)]
    dropped += [f"{what} (removed from the text)" for what in sorted(cleaner.removed)]
    credits = [f"{label}: {_text(data.get(key))}" for key, label in (
        ("creator", "creator"), ("character_version", "version"), ("source", "source"))
        if _text(data.get(key))]
    if _list(data.get("tags")):
        credits.append("tags: " + ", ".join(_text(t) for t in _list(data.get("tags"))))
    return Imported(persona_id, fields, spec, dropped,
                    _text(data.get("creator_notes") or card.get("creatorcomment")), credits)


def _facts(book: Any, cleaner: Cleaner) -> list[dict[str, Any]]:
    """Enabled lorebook entries as facts the rep has to ask about (kind: situation)."""
    if not isinstance(book, dict):
        return []
    facts: list[dict[str, Any]] = []
    for entry in _list(book.get("entries")):
        if not isinstance(entry, dict) or entry.get("enabled") is False:
            continue
        says = cleaner.spoken(entry.get("content"))
        if not says:
            continue
        label = _text(entry.get("name") or entry.get("comment")) or \
            " ".join(_text(k) for k in _list(entry.get("keys"))[:2])
        fact_id = slug(label) if label else f"fact_{len(facts) + 1}"
        while fact_id in {f["id"] for f in facts}:
            fact_id += "_2"
        facts.append({"id": fact_id, "kind": "situation", "says": says,
                      "unlock": {"topics": ["situation"]}})
        if len(facts) == MAX_FACTS:
            break
    return facts


class Cleaner:
    """Text from a card made safe and plain: macros, HTML, links and stage directions out."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.removed: set[str] = set()

    def __call__(self, value: Any, *, user: str = "the rep") -> str:
        text, removed = _clean(_text(value), self.name, user)
        self.removed |= removed
        return text

    def spoken(self, value: Any) -> str:
        """A line said on the phone: no *actions*, at most MAX_CHARS characters."""
        text = self(value, user="you")
        if _ACTION.search(text):
            self.removed.add("stage directions (*...*)")
            text = " ".join(_ACTION.sub(" ", text).split())
        return _shorten(text)

    def example_lines(self, value: Any) -> list[str]:
        """The character's own lines of the example dialogue."""
        lines: list[str] = []
        for raw in _text(value).splitlines():
            found = _SPEAKER.match(raw.strip())
            if found:
                line = self.spoken(found.group(1))
                if line and line not in lines:
                    lines.append(line)
        return lines[:MAX_LINES]


_ACTION = re.compile(r"\*[^*\n]{1,300}\*")
_SPEAKER = re.compile(r"^(?:\{\{char\}\}|<BOT>)\s*:\s*(.+)$", re.IGNORECASE)
_REMOVALS = (
    ("scripts and styles (HTML)", re.compile(r"<(script|style)\b.*?</\1\s*>",
                                              re.IGNORECASE | re.DOTALL)),
    ("images and links", re.compile(r"!?\[([^\]]*)\]\([^)]*\)")),
    ("HTML tags", re.compile(r"</?[A-Za-z][^>]{0,500}>")),
    ("links", re.compile(r"\b(?:https?|ftp|file|data|javascript):[^\s)\"']+|\bwww\.[^\s)\"']+",
                         re.IGNORECASE)),
    ("template macros", re.compile(r"\{\{(?!char\}\}|user\}\})[^{}]{0,500}\}\}", re.IGNORECASE)),
)


def _clean(text: str, name: str, user: str) -> tuple[str, set[str]]:
    removed: set[str] = set()
    for label, pattern in _REMOVALS:
        replacement = r"\1" if label == "images and links" else " "
        text, count = pattern.subn(replacement, text)
        if count:
            removed.add(label)
    text = re.sub(r"\{\{char\}\}|<BOT>", name, text, flags=re.IGNORECASE)
    text = re.sub(r"\{\{user\}\}|<USER>", user, text, flags=re.IGNORECASE)
    text = "".join(ch for ch in text if ch == "\n" or ch.isprintable())
    return " ".join(text.split()), removed


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _first_sentence(text: str) -> str:
    found = re.match(r"(.{10,200}?[.!?])(\s|$)", text)
    return _shorten(found.group(1) if found else text, 200)


def _shorten(text: str, limit: int = MAX_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "..."


def slug(text: str) -> str:
    """`Dr. Ines Marlow` -> `dr_ines_marlow` (an id: starts with a letter)."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    found = "_".join(words)[:60].strip("_") or "imported"
    return found if found[0].isalpha() else f"p_{found}"


# --- writing -------------------------------------------------------------------------------------


def persona_yaml(imported: Imported, source: str) -> str:
    """The persona file: a header for the trainer (what to fill in, what was left out, the
    creator's notes and credits, all as comments), then the fields."""
    header = [
        "# yaml-language-server: $schema=../schemas/persona.schema.json",
        f"# Imported from the character card {source} ({imported.spec}) by `roleplay personas "
        "import`.",
        "# Fill in every TODO, add objections (see docs/personas.md) and tune the dials, then",
        "# run `roleplay check`. Lorebook entries became facts the rep must ask about: check",
        "# their kind and unlock rules.",
    ]
    if imported.dropped:
        header.append("# Left out of the card:")
        header += [f"#   - {item}" for item in imported.dropped]
    if imported.credits:
        header.append("# Credits:")
        header += [f"#   {_comment(item)}" for item in imported.credits]
    if imported.creator_notes:
        header.append("# Creator's notes (for you; they never reach a prompt):")
        header += [f"#   {_comment(line)}" for line in imported.creator_notes.splitlines()
                   if line.strip()][:40]
    return "\n".join(header) + "\n" + dump_yaml(imported.fields)


def _comment(text: str) -> str:
    return "".join(ch for ch in text if ch.isprintable())[:300]
