"""The newest copy of each recently used session this process has seen, by version.

A turn takes the session's lease, which reads the stored version; when the copy here has that
version it is the stored session, and the turn skips reading the session and its turns again.
"""

from __future__ import annotations

from collections import OrderedDict

from roleplay.storage.rows import SessionRow

SIZE = 256
"""Sessions kept; the least recently used go first. A session held here with its parsed state
takes about 3 kB per turn (measured: 66 kB for a 21-turn call), so a worker holds some 20-30 MB
for 256 ordinary calls (more only if they all run to the 200-rep-turn limit). More sessions
talking at once than this only cost them a read of their session per turn."""


class SessionCache:
    def __init__(self, size: int = SIZE) -> None:
        self._rows: OrderedDict[str, SessionRow] = OrderedDict()
        self._size = size

    def get(self, session_id: str) -> SessionRow | None:
        row = self._rows.get(session_id)
        if row is not None:
            self._rows.move_to_end(session_id)
        return row

    def keep(self, row: SessionRow) -> None:
        """Remember `row` unless a newer version of it is already here."""
        known = self._rows.get(row.id)
        if known is not None and known.version > row.version:
            return
        self._rows[row.id] = row
        self._rows.move_to_end(row.id)
        if len(self._rows) > self._size:
            self._rows.popitem(last=False)
