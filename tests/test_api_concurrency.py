"""Two turns posted to one session at the same time: both kept, one after the other."""

from __future__ import annotations

import asyncio
from pathlib import Path

from api_support import OPENER, PROBE, running


async def test_concurrent_posts_to_one_session_are_both_kept_in_order(tmp_path: Path) -> None:
    async with running(tmp_path) as api:
        sid = await api.new_session()
        texts = [OPENER, PROBE]
        answers = await asyncio.gather(
            *(api.client.post(f"/v1/sessions/{sid}/turns", json={"text": t}) for t in texts)
        )
        assert [a.status_code for a in answers] == [200, 200]
        turns = (await api.client.get(f"/v1/sessions/{sid}")).json()["turns"]
        assert [t["index"] for t in turns] == [0, 1, 2, 3, 4]
        assert [t["speaker"] for t in turns] == ["prospect", "rep", "prospect", "rep", "prospect"]
        assert sorted([turns[1]["text"], turns[3]["text"]]) == sorted(texts)
        for answer in answers:
            result = answer.json()
            rep, prospect = result["rep"]["index"], result["prospect"]["index"]
            assert prospect == rep + 1
            assert turns[rep]["text"] == result["rep"]["text"]
            assert turns[prospect]["text"] == result["prospect"]["text"]
