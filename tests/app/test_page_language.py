"""Every page of the demo speaks one language: no English words on the Swedish pages, and no
unmarked Swedish on the English ones.

The demo is built once; an administrator (who reaches every staff page and every public
page) follows every same-site link with the interface in Swedish, the default, and again in
English. On English pages the Swedish that staff wrote (plans, working groups, incident notes),
survey texts given only in Swedish and residents' words must be marked lang="sv". On each
page the visible text is read without the parts marked as another language (residents'
answers, language names, a survey in its own language), and common words of the other
language are looked for. They are function words ("the", "and", "och", "inte") and codes the
product stores ("done", "free_text"), which would only appear through an untranslated
interface text: names and places in the demo data are not among them.
"""

from __future__ import annotations

import re

import lxml.html

from tests.demo_world import build_demo, sign_in_as, walk

ADMIN = "admin@norrforsa.example"
MAX_PAGES = 160

# Words of one language that the other's interface never uses (short, frequent, unambiguous).
ENGLISH_WORDS = frozenset(
    """the of with your please this that from has have been are was will which there their
    when where what who into than these those would should could about after before each every
    other only also any some such them they yet being our you its not here done failed queued
    running draft closed resident residents staff web paper free_text single_choice multiple_choice
    scale point demographic""".split()
)
# The reverse: Swedish function words no English text uses ("till" is English too, so it is not here).
SWEDISH_WORDS = frozenset("""och inte att för med som eller på är av det har ska kan""".split())
WORD = re.compile(r"[^\W\d]+(?:_[^\W\d]+)*", re.UNICODE)


def _own_language_text(doc: lxml.html.HtmlElement, language: str) -> str:
    """The page's visible text without scripts, user-typed text and parts marked as another language."""
    for element in doc.xpath("//script | //style | //textarea | //*[@hidden]"):
        element.drop_tree()
    for element in doc.xpath("//body//*[@lang]"):
        if element.get("lang") != language and element.getparent() is not None:
            element.drop_tree()
    return " ".join(doc.xpath("//body")[0].text_content().split())


def _foreign_words(text: str, words: frozenset[str]) -> list[str]:
    """Each foreign word once, with the text around it ("the (…when the answer was…)")."""
    found: dict[str, str] = {}
    for match in WORD.finditer(text):
        word = match.group().lower()
        if word in words and word not in found:
            found[word] = text[max(0, match.start() - 40) : match.end() + 40]
    return [f"{word} (…{context}…)" for word, context in sorted(found.items())]


def test_every_demo_page_is_in_one_language(app, client) -> None:  # type: ignore[no-untyped-def]
    build_demo(seed=11, residents=60, staff=20)
    sign_in_as(client, ADMIN)
    client.get("/sprak/sv?next=/")
    problems, visited = [], 0
    for path, doc in walk(client, MAX_PAGES):
        visited += 1
        if doc.get("lang") == "sv":
            found = _foreign_words(_own_language_text(doc, "sv"), ENGLISH_WORDS)
            if found:
                problems.append(f"{path}: {'; '.join(found)}")
    assert visited > 60, visited
    assert not problems, "Swedish pages with English words:\n" + "\n".join(problems)


def test_every_demo_page_in_english_marks_its_swedish(app, client) -> None:  # type: ignore[no-untyped-def]
    """With the interface in English, Swedish appears only where it is marked (staff content, answers)."""
    build_demo(seed=11, residents=60, staff=20)
    sign_in_as(client, ADMIN)
    client.get("/sprak/en?next=/")
    problems, visited = [], 0
    for path, doc in walk(client, MAX_PAGES):
        if doc.get("lang") == "en":
            visited += 1
            found = _foreign_words(_own_language_text(doc, "en"), SWEDISH_WORDS)
            if found:
                problems.append(f"{path}: {'; '.join(found)}")
    assert visited > 60, visited
    assert not problems, "English pages with unmarked Swedish words:\n" + "\n".join(problems)
