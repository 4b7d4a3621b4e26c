"""Every interface string is translated to Swedish; English is the source language."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def _extracted_ids() -> set[str]:
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {
        "_": None,
        "gettext": None,
        "ngettext": (1, 2),
        "plural": (1, 2),  # analysis.catalog.plural: the pure libraries' ngettext
        "_l": None,
        "lazy_gettext": None,
        "N_": None,
    }
    found = set()
    for package in ("app", "surveys", "analysis"):
        for _, _, message, _, _ in extract_from_dir(
            str(ROOT / package), method_map=method_map, keywords=keywords
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_swedish_catalog_translates_every_message_in_the_code() -> None:
    with (ROOT / "translations/sv/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="sv")
    translated = {
        m.id[0] if isinstance(m.id, tuple) else m.id
        for m in catalog
        if m.id and "fuzzy" not in m.flags and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    missing = sorted(_extracted_ids() - translated)
    assert missing == [], f"untranslated (run `trygg translate update` and fill sv): {missing}"


def test_no_compiled_catalog_is_committed() -> None:
    ignored = (ROOT / ".gitignore").read_text()
    assert "*.mo" in ignored
