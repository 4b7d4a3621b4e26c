"""Only the disclosure layer reads the privacy floor.

The floor (PRIVACY_MIN_GROUP, effective_min_group) belongs to surveys/disclosure and
app/config.py. Modules that still read it themselves are listed in LEGACY_READERS while
they are moved behind the layer: the test fails when a new module starts reading the
floor, and when a listed one stops (so the list only shrinks).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OWNERS = ("surveys/disclosure/", "app/config.py")
FLOOR_NAMES = {"PRIVACY_MIN_GROUP", "effective_min_group"}
# Every module that read the floor itself now receives a Floor (surveys.disclosure.floor)
# or guarded values; a new entry here needs a reason in review.
LEGACY_READERS: set[str] = set()


def _reads_floor(path: Path) -> bool:
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in FLOOR_NAMES:
            return True
        if isinstance(node, ast.Attribute) and node.attr in FLOOR_NAMES:
            return True
        if isinstance(node, ast.Constant) and node.value in FLOOR_NAMES:
            return True
        if isinstance(node, ast.alias) and node.name in FLOOR_NAMES:
            return True
    return False


def test_no_module_outside_the_layer_starts_reading_the_floor():
    readers = set()
    for package in ("app", "surveys", "analysis"):
        for path in (ROOT / package).rglob("*.py"):
            name = path.relative_to(ROOT).as_posix()
            if name.startswith(OWNERS):
                continue
            if _reads_floor(path):
                readers.add(name)
    assert readers - LEGACY_READERS == set(), "read the floor through surveys.disclosure instead"
    assert LEGACY_READERS - readers == set(), "no longer reads the floor: remove it from LEGACY_READERS"


def test_the_floor_the_domain_receives_applies_the_absolute_minimum_and_answers_questions():
    from surveys.disclosure.floor import ABSOLUTE_MIN_GROUP, Floor, floor_of

    assert floor_of({"PRIVACY_MIN_GROUP": 5}) == 5
    assert Floor(1) == ABSOLUTE_MIN_GROUP  # a misconfigured floor never goes below the minimum
    floor = Floor(5)
    assert [n for n in range(7) if floor.hides(n)] == [1, 2, 3, 4]  # zero reveals nobody
    assert [n for n in range(7) if floor.too_small(n)] == [0, 1, 2, 3, 4]
    assert floor.guard(4).hidden and floor.guard(4).min_group == 5 and floor.guard(5).value == 5


def test_views_and_commands_get_the_floor_of_the_running_app(app):
    from app.config import privacy_floor

    with app.app_context():
        app.config["PRIVACY_MIN_GROUP"] = 7
        assert privacy_floor() == 7 and privacy_floor().hides(6)
