"""Redaction of personal data: personnummer, phone numbers, e-mail addresses, names.

Every pattern uses bounded quantifiers without nested repetition and is anchored on a
cheap first character, so the cost stays linear even for a hostile 50 MB string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.resources import read_json

TAG_PNR = "[personnummer]"
TAG_PHONE = "[telefon]"
TAG_EMAIL = "[e-post]"
TAG_NAME = "[namn]"

# 6 or 8 digit date, optional "-" or "+" (people over 100), 4 digits.
_PNR = re.compile(r"(?<![\d+\-])((?:18|19|20)?\d{6})([-+]?)(\d{4})(?![\d\-])")
# Swedish numbers: +46/0046/0, area code, then digit groups separated by space or dash.
_PHONE = re.compile(r"(?<![\w+])(?:\+46|0046|0)[ \-]?(?:\(0\)[ ]?)?\d{1,3}(?:[ \-]?\d{1,4}){1,4}(?!\d)")
_EMAIL_LOCAL = re.compile(r"[\w.+\-]{1,64}$")
_EMAIL_DOMAIN = re.compile(r"[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,8}")
_CAP = "A-ZÅÄÖÆØÉÜ"
_LOW = "a-zåäöæøéüèáíóúñçšžćčđ"
# A zero-width look-ahead so "Ring Anna Andersson" can still match at "Anna" after the
# failed candidate "Ring Anna" (a consuming match would swallow "Anna").
_NAME_PAIR = re.compile(
    rf"(?<![\w\-])(?=([{_CAP}][{_LOW}]{{1,20}})(?:-[{_CAP}][{_LOW}]{{1,20}})?"
    rf" ([{_CAP}][{_LOW}]{{1,25}}(?:-[{_CAP}][{_LOW}]{{1,25}})?)(?![\w]))"
)


@dataclass(frozen=True)
class Redaction:
    """Redacted text and the kinds of personal data found (e.g. "personnummer")."""

    text: str
    found: tuple[str, ...]


def luhn_ok(digits: str) -> bool:
    """Return True if the 10-digit string passes the Luhn check used by personnummer."""
    total = 0
    for i, ch in enumerate(digits):
        value = int(ch) * (2 if i % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _valid_pnr(date: str, last4: str) -> bool:
    ten = date[-6:] + last4
    month, day = int(ten[2:4]), int(ten[4:6])
    if not 1 <= month <= 12:
        return False
    # Samordningsnummer add 60 to the day.
    if not (1 <= day <= 31 or 61 <= day <= 91):
        return False
    return luhn_ok(ten)


class Redactor:
    """Replaces personal data with tags; name lists come from ``data/names.json``."""

    def __init__(self, names: dict[str, list[str]] | None = None) -> None:
        self.names = names
        data = names if names is not None else read_json("names.json")
        self._first = frozenset(data["first_names"])
        self._last = frozenset(data["surnames"])
        self._suffixes = tuple(data.get("surname_suffixes", ()))
        explicit = self._first | self._last
        self._not_names = frozenset(w for w in data.get("not_names", ()) if w not in explicit)

    def redact(self, text: str) -> Redaction:
        """Redact personal data in ``text``.

        Args:
            text: any text (may be very long or hostile).

        Returns:
            A Redaction with tags in place of personal data.
        """
        found: list[str] = []
        if any(ch.isdigit() for ch in text[:200_000]) or _has_digit(text):
            text = self._sub(_PNR, text, self._pnr, "personnummer", found)
            text = self._sub(_PHONE, text, self._phone, "telefon", found)
        if "@" in text:
            text = self._emails(text, found)
        text = self._names(text, found)
        return Redaction(text=text, found=tuple(dict.fromkeys(found)))

    @staticmethod
    def _sub(pattern: re.Pattern[str], text: str, check, kind: str, found: list[str]) -> str:  # type: ignore[no-untyped-def]
        def replace(match: re.Match[str]) -> str:
            tag = check(match)
            if tag is None:
                return match.group(0)
            found.append(kind)
            return str(tag)

        return pattern.sub(replace, text)

    @staticmethod
    def _pnr(match: re.Match[str]) -> str | None:
        date, last4 = match.group(1), match.group(3)
        if len(date) == 8 and date[:2] not in ("18", "19", "20"):
            return None
        return TAG_PNR if _valid_pnr(date, last4) else None

    @staticmethod
    def _phone(match: re.Match[str]) -> str | None:
        raw = match.group(0)
        digits = sum(ch.isdigit() for ch in raw)
        national = digits
        if raw.startswith(("+46", "0046")):
            # Drop the country code and add back the trunk zero it replaces.
            national = digits - (2 if raw.startswith("+46") else 4) + 1
        return TAG_PHONE if 7 <= national <= 11 else None

    def _names(self, text: str, found: list[str]) -> str:
        parts: list[str] = []
        pos = 0
        for match in _NAME_PAIR.finditer(text):
            start = match.start()
            if start < pos or self._name(match) is None:
                continue
            end = match.end(2)
            parts.extend((text[pos:start], TAG_NAME))
            found.append("namn")
            pos = end
        parts.append(text[pos:])
        return "".join(parts)

    def _name(self, match: re.Match[str]) -> str | None:
        first, last = match.group(1), match.group(2)
        if first not in self._first or last in self._not_names:
            return None
        base = last.split("-")[0]
        if base in self._last or base.lower().endswith(self._suffixes):
            return TAG_NAME
        return None

    @staticmethod
    def _emails(text: str, found: list[str]) -> str:
        # Walk the '@' signs and look a bounded window either side instead of running a
        # regex from every position (which is quadratic-ish on long '@'-free runs).
        parts: list[str] = []
        pos = 0
        at = text.find("@")
        while at != -1:
            local = _EMAIL_LOCAL.search(text, max(pos, at - 64), at)
            domain = _EMAIL_DOMAIN.match(text, at + 1, at + 1 + 255)
            if local and domain and local.group(0).strip(".") and local.start() >= pos:
                parts.append(text[pos : local.start()])
                parts.append(TAG_EMAIL)
                found.append("e-post")
                pos = domain.end()
            at = text.find("@", max(at + 1, pos))
        parts.append(text[pos:])
        return "".join(parts)


def _has_digit(text: str) -> bool:
    return any(d in text for d in "0123456789")


def redact(text: str) -> Redaction:
    """Redact personal data with the shipped name lists.

    Args:
        text: the text to redact.

    Returns:
        A Redaction(text, found) where found lists the kinds of data replaced.
    """
    return Redactor().redact(text)
