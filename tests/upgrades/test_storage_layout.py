"""The proxies' state survives an upgrade: the namespaced state of the token and the compliance keeps every
member where the released implementations put it (new members go after them)."""

from __future__ import annotations

import json

from tests.upgrades.layouts import SNAPSHOT, current, incompatible


def test_namespaced_state_keeps_the_released_layout():
    released = json.loads(SNAPSHOT.read_text())
    now = current()
    assert set(released) <= set(now)
    problems = [p for name in released for p in incompatible(released[name], now[name], f"{name}.")]
    assert problems == [], "storage layout broken (an upgrade would corrupt state): " + "; ".join(problems)


def test_the_check_catches_a_moved_member():
    released = json.loads(SNAPSHOT.read_text())["token"]
    moved = [dict(m) for m in released]
    moved[0], moved[1] = moved[1], moved[0]
    assert incompatible(released, moved)
    assert incompatible(released, released[:-1]) == [f"{released[-1]['label']}: removed"]
    assert incompatible(released, [*released, {"label": "added", "slot": 99, "offset": 0, "type": "t_bool"}]) == []
