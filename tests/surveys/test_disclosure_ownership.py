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
LEGACY_READERS = {
    "app/admin/incidents/periodic.py",
    "app/admin/insights/priorities.py",
    "app/admin/insights/report.py",
    "app/admin/insights/views.py",
    "app/admin/maps/views.py",
    "app/admin/plans/followup.py",
    "app/admin/plans/views.py",
    "app/admin/review/views.py",
    "app/cli/analysis.py",
    "app/cli/demo.py",
    "app/cli/pledges.py",
    "app/map_support.py",
    "surveys/insights/breakdown.py",
    "surveys/insights/incident_summary.py",
    "surveys/insights/report_data.py",
    "surveys/insights/scales.py",
    "surveys/reports/maps.py",
}


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
