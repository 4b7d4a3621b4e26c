"""The design, checked: imports point inward (app → surveys → analysis), and areas stay apart."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path, root: Path = ROOT) -> set[str]:
    """Every module a file imports, absolute (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _files(package: str, root: Path = ROOT) -> list[Path]:
    return sorted((root / package).rglob("*.py"))


def _violations(package: str, forbidden: tuple[str, ...], root: Path = ROOT) -> list[str]:
    bad = []
    for path in _files(package, root):
        for module in _imports(path, root):
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                bad.append(f"{path.relative_to(root)} imports {module}")
    return sorted(set(bad))


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("analysis", ("flask", "flask_babel", "flask_sqlalchemy", "sqlalchemy", "app", "surveys")),
        (
            "surveys",
            ("flask", "flask_babel", "flask_login", "flask_wtf", "flask_sqlalchemy", "werkzeug", "app"),
        ),
    ],
)
def test_imports_point_inward(package: str, forbidden: tuple[str, ...]) -> None:
    """analysis is a pure library; the domain never imports the web layer or Flask."""
    assert _violations(package, forbidden) == []


def test_nothing_imports_the_web_layer_but_itself_and_its_entry_points() -> None:
    """Only app/ (and the tests, benchmarks and migrations around it) import app."""
    for package in ("surveys", "analysis"):
        assert _violations(package, ("app",)) == []


def test_no_admin_area_imports_another_areas_views() -> None:
    """Shared lookups live in app.admin.common; an area never reaches into another area's views."""
    admin = ROOT / "app" / "admin"
    areas = sorted(p.name for p in admin.iterdir() if (p / "__init__.py").exists())
    assert {"accounts", "surveys", "review", "insights", "plans", "incidents", "maps"} <= set(areas)
    bad = []
    for area in areas:
        others = tuple(f"app.admin.{other}" for other in areas if other != area)
        for path in sorted((admin / area).rglob("*.py")):
            for module in _imports(path):
                shared = module.split(".")[3:4] in (["forms"], ["survey_maps"])
                if any(module.startswith(o + ".") for o in others) and not shared:
                    bad.append(f"{path.relative_to(ROOT)} imports {module}")
    assert sorted(set(bad)) == []


def test_the_import_reader_sees_relative_and_nested_imports(tmp_path: Path) -> None:
    """The checks above would pass vacuously if the reader missed imports: it must not.

    The probe lives in a copy of the layout under tmp_path, never in the source tree, where
    another test worker's import check would see it.
    """
    package = tmp_path / "surveys" / "plans"
    package.mkdir(parents=True)
    probe = package / "_architecture_probe.py"
    probe.write_text("from ..accounts import roles\ndef f():\n    from flask import g\n", encoding="utf-8")
    assert {"surveys.accounts", "surveys.accounts.roles", "flask", "flask.g"} <= _imports(probe, tmp_path)
    violations = _violations("surveys", ("flask",), tmp_path)
    assert "surveys/plans/_architecture_probe.py imports flask" in violations
