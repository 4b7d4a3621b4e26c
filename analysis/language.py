"""Fast per-answer language detection from function words and characters."""

from __future__ import annotations

from collections.abc import Mapping

from analysis.resources import read_json
from analysis.text import tokenize

SUPPORTED = ("sv", "en", "fi")
UNDETERMINED = "und"
OTHER = "other"


class LanguageDetector:
    """Score sv/en/fi (and a few near neighbours) from common words and letter cues.

    Short answers often contain no function word ("Narkotika!!"), so letters like å/ä/ö
    and typical endings decide; when nothing decides, ``default`` is returned so a caller
    can pass the majority language of the survey.
    """

    def __init__(self, words: Mapping[str, list[str]] | None = None) -> None:
        self.words = words
        data = words if words is not None else read_json("language_words.json")
        self._lookup: dict[str, list[str]] = {}
        for lang, lang_words in data.items():
            for word in lang_words:
                self._lookup.setdefault(word, []).append(lang)

    def detect(self, text: str, default: str = UNDETERMINED) -> str:
        """Detect the language of one answer.

        Args:
            text: normalised answer text.
            default: returned when there is no evidence.

        Returns:
            "sv", "en", "fi", "other" (another language) or ``default``.
        """
        if _mostly_other_script(text[:1000]):
            # Arabic, Cyrillic, Ethiopic ... script: not a language this detector models.
            return OTHER
        tokens = tokenize(text[:1000])
        if not tokens:
            return default
        scores: dict[str, float] = {}
        for token in tokens:
            for lang in self._lookup.get(token, ()):
                scores[lang] = scores.get(lang, 0.0) + 1.0
            if token in _SOMALI_WORDS:
                scores["so"] = scores.get("so", 0.0) + 1.0
            self._suffix_cues(token, scores)
        self._char_cues(text[:1000].lower(), scores)
        if not scores:
            return default
        best = max(scores, key=lambda lang: scores[lang])
        return best if best in SUPPORTED else OTHER

    @staticmethod
    def _suffix_cues(token: str, scores: dict[str, float]) -> None:
        # Endings typical of each language; weaker than a function word.
        if token.endswith(("ning", "ningen", "het", "heten", "arna", "erna", "orna", "igt")):
            scores["sv"] = scores.get("sv", 0.0) + 0.5
        elif token.endswith(("tion", "ing", "ness", "ly", "ed")) and len(token) > 4:
            scores["en"] = scores.get("en", 0.0) + 0.5
        elif token.endswith(("ssa", "ssä", "lla", "llä", "sta", "stä", "nen", "ista", "isiä")):
            scores["fi"] = scores.get("fi", 0.0) + 0.5

    @staticmethod
    def _char_cues(lowered: str, scores: dict[str, float]) -> None:
        if "å" in lowered:
            scores["sv"] = scores.get("sv", 0.0) + 1.0
        if "ä" in lowered or "ö" in lowered:
            # Shared by sv and fi; double vowels point to Finnish (double consonants do
            # not: Swedish has them too, as in "klotter" and "natt").
            fi_cue = any(s in lowered for s in ("ää", "öö", "yy", "ii", "aa", "uu"))
            key = "fi" if fi_cue and "å" not in lowered else "sv"
            scores[key] = scores.get(key, 0.0) + 0.75
        if "ø" in lowered or "æ" in lowered:
            scores["no"] = scores.get("no", 0.0) + 2.0
        if "ß" in lowered or "ü" in lowered:
            scores["de"] = scores.get("de", 0.0) + 1.0
        if any(ch in _FOREIGN_LETTERS for ch in lowered):
            # Sami, Polish, Czech, Baltic ... letters: a language the product does not model.
            scores["other"] = scores.get("other", 0.0) + 2.0


# Frequent Somali function words: Somali is written in Latin letters, so without them a
# Somali answer had no evidence and was then relabelled as the survey's majority language.
_SOMALI_WORDS = frozenset(
    (
        "waa iyo ayaa waxaa waxay waxaan inay aan oo ee uu ay ka ku kale si ah yahay jira badan meel "
        "habeenkii loo baahan aad maxaa haddii markaan markii marka xaafadda waxba"
    ).split()
)

# Latin letters that Swedish, English and Finnish do not use (North Sami's č đ ŋ š ŧ ž,
# Polish, Czech, Baltic): an answer holding one is in another language, not relabelled.
_FOREIGN_LETTERS = frozenset("čđŋŧłąęśżźńćőűřěůėįųā")


def _mostly_other_script(text: str) -> bool:
    """Whether most letters are outside the Latin script."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    other = sum(1 for ch in letters if ord(ch) > 0x24F)
    return other * 2 > len(letters)


def detect_language(text: str, default: str = UNDETERMINED) -> str:
    """Detect the language of one answer with a fresh :class:`LanguageDetector`.

    Args:
        text: answer text.
        default: returned when there is no evidence.

    Returns:
        "sv", "en", "fi", "other" or ``default``.
    """
    return LanguageDetector().detect(text, default)


# Words quoted from the answers inside generated prose (cluster labels, concerns) are set off by
# Unicode's first-strong isolate and pop-directional isolate. They are invisible in plain text and
# Markdown and keep a right-to-left label from reordering the sentence; pages and documents mark
# each run with the language it is written in (`lang`), as they do for a resident's answer.
ISOLATE_START = "\u2068"
ISOLATE_END = "\u2069"


def quoted_run(text: str) -> str:
    """`text` set off as words from the answers inside a generated sentence."""
    return f"{ISOLATE_START}{text}{ISOLATE_END}"


def plain_text(text: str) -> str:
    """`text` without the marks `quoted_run` sets, for formats that cannot say a run's language."""
    return text.replace(ISOLATE_START, "").replace(ISOLATE_END, "")


def text_runs(text: str) -> list[tuple[str, bool]]:
    """`text` as (run, quoted) pieces: the sentence's own words and the runs `quoted_run` set off.

    An isolate without its partner (a staff member edited one away) ends or starts nothing.
    """
    runs: list[tuple[str, bool]] = []
    rest = text
    while ISOLATE_START in rest:
        before, _, after = rest.partition(ISOLATE_START)
        if ISOLATE_END not in after:
            break
        inner, _, rest = after.partition(ISOLATE_END)
        runs += [(before, False), (inner, True)]
    runs.append((rest, False))
    merged = [(plain_text(run), quoted) for run, quoted in runs]
    return [(run, quoted) for run, quoted in merged if run]
