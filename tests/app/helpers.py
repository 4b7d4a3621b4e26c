"""Helpers for web tests: signing in, reading forms and reading pages as the user sees them.

Pages are parsed with lxml rather than matched with regular expressions or substrings, so that
a test checks the element the user sees (a heading, a table cell, a flash message, a link)
and not whatever markup happens to contain the same characters.
"""

from __future__ import annotations

from lxml import html as lxml_html
from lxml.html import HtmlElement

from surveys.accounts.models import User
from tests.factories import PASSWORD

_NOT_READ = ("script", "style", "template")
# Elements a browser lays out apart from their neighbours: their text is read as separate words.
_APART = frozenset(
    "address article aside blockquote br caption dd details dialog div dl dt fieldset figcaption"
    " figure footer form h1 h2 h3 h4 h5 h6 header hr label legend li main nav ol option p pre"
    " section summary table tbody td tfoot th thead tr ul".split()
)


def parse_html(page: str | bytes | HtmlElement) -> HtmlElement:
    """The element tree of `page` (a whole document or a fragment); a tree is returned as it is."""
    return page if isinstance(page, HtmlElement) else lxml_html.fromstring(page)


def text_of(element: HtmlElement) -> str:
    """The text of `element` as read: no scripts or styles, each run of whitespace one space.

    Block elements (paragraphs, cells, list items…) are kept apart by a space, as on screen.
    """
    chunks: list[str] = []

    def walk(node: HtmlElement) -> None:
        if isinstance(node.tag, str) and node.tag not in _NOT_READ:  # not a comment
            apart = " " if node.tag in _APART else ""
            chunks.append(apart + (node.text or ""))
            for child in node:
                walk(child)
            chunks.append(apart)
        if node is not element:
            chunks.append(node.tail or "")

    walk(element)
    return " ".join("".join(chunks).split())


def visible_text(page: str | bytes | HtmlElement) -> str:
    """The normalised text of the page's body (or of a fragment): what a reader is shown.

    No CSS is applied: text in `hidden` or visually-hidden elements counts, as a screen reader
    may read it. Leak checks therefore also stay on the raw document, where attributes count.
    """
    tree = parse_html(page)
    body = tree.find(".//body") if tree.tag == "html" else None
    return text_of(tree if body is None else body)


def by_id(page: str | bytes | HtmlElement, element_id: str) -> HtmlElement:
    """The element with id `element_id`; fails the test if there is none."""
    found = parse_html(page).xpath("//*[@id=$id]", id=element_id)
    assert found, f"no element with id={element_id!r} in the page"
    assert len(found) == 1, f"{len(found)} elements with id={element_id!r}"
    return found[0]


def find_all(page: str | bytes | HtmlElement, xpath: str, **variables: str) -> list[HtmlElement]:
    """The elements `xpath` finds in `page` (xpath variables as keyword arguments)."""
    return parse_html(page).xpath(xpath, **variables)


def texts(page: str | bytes | HtmlElement, xpath: str, **variables: str) -> list[str]:
    """The normalised text of each element `xpath` finds in `page`."""
    return [text_of(e) for e in find_all(page, xpath, **variables)]


def with_class(name: str) -> str:
    """An xpath predicate body true for elements whose class list holds `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def flash_messages(page: str | bytes | HtmlElement, category: str | None = None) -> list[str]:
    """The text of each flash message shown on the page, of `category` if given."""
    cls = "flash" if category is None else f"flash-{category}"
    return texts(page, f"//*[{with_class(cls)}]")


def hrefs(page: str | bytes | HtmlElement) -> list[str]:
    """The href of every link on the page, in order."""
    return [a.get("href") for a in find_all(page, "//a[@href]")]


def table_rows(table: HtmlElement) -> list[list[str]]:
    """The normalised text of the header and data cells of each row of `table`."""
    return [[text_of(cell) for cell in row.xpath("./th|./td")] for row in table.iter("tr")]


def rows_by_heading(table: HtmlElement) -> dict[str, list[str]]:
    """The body rows of `table` that have data cells, by their first cell's text → the other cells."""
    rows = [texts(tr, "./th|./td") for tr in table.iter("tr") if tr.xpath("./td")]
    return {row[0]: row[1:] for row in rows}


def field(page: str | bytes | HtmlElement, name: str) -> HtmlElement:
    """The first form field (input, select or textarea) named `name`; fails if there is none."""
    found = find_all(page, "//*[self::input or self::select or self::textarea][@name=$n]", n=name)
    assert found, f"{name} not found in the page"
    return found[0]


def field_value(page: str | bytes | HtmlElement, name: str) -> str:
    """What the form field `name` holds as the user sees it.

    An input's value; a textarea's text without the one leading newline browsers drop; the
    selected option's value of a select ("" when none is selected).
    """
    element = field(page, name)
    if element.tag == "textarea":
        text = element.text or ""
        return text[2:] if text.startswith("\r\n") else text[1:] if text.startswith("\n") else text
    if element.tag == "select":
        chosen = element.xpath("./option[@selected]/@value")
        assert len(chosen) <= 1, f"{name} has several options selected: {chosen}"
        return chosen[0] if chosen else ""
    return element.get("value", "")


def hidden_value(html: str, name: str) -> str:
    """The value of the hidden input `name` in `html`."""
    return field(html, name).get("value", "")


def csrf_from(client, url: str) -> str:  # type: ignore[no-untyped-def]
    """A CSRF token from the page at `url`."""
    return hidden_value(client.get(url).get_data(as_text=True), "csrf_token")


def sign_in(client, user: User) -> None:  # type: ignore[no-untyped-def]
    """Sign `user` in through the login form."""
    token = csrf_from(client, "/admin/login")
    response = client.post(
        "/admin/login", data={"csrf_token": token, "email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def download_report(client, slug: str, fmt: str, lang: str | None = None):  # type: ignore[no-untyped-def]
    """The situation picture's PDF or DOCX as a person gets it: the report page's button,
    then the document's page, then its download link (jobs run inline in tests)."""
    page_url = f"/admin/surveys/{slug}/report" + (f"?lang={lang}" if lang else "")
    page = parse_html(client.get(page_url).get_data(as_text=True))
    [form] = [
        f for f in page.xpath("//form[@method='post']") if f.get("action", "").endswith(f"/report/{fmt}")
    ]
    fields = {i.get("name"): i.get("value") or "" for i in form.xpath(".//input[@type='hidden']")}
    return prepared_download(client, form.get("action"), fields)


def download_export(client, slug: str, fmt: str, raw: bool = False, dialect: str | None = None):  # type: ignore[no-untyped-def]
    """The responses as CSV or XLSX as a person gets them: the export button, then the
    document's page, then its download link. Returns the refusal when the export is refused."""
    fields = {"csrf_token": csrf_from(client, "/admin/"), **({"raw": "1"} if raw else {})}
    if dialect:
        fields["dialect"] = dialect
    return prepared_download(client, f"/admin/surveys/{slug}/responses.{fmt}", fields)


def prepared_download(client, action: str, fields: dict[str, str]):  # type: ignore[no-untyped-def]
    """Post `fields` to a document's button `action`, follow to its page and download it;
    any answer but "made" (a 303 to its page) is returned as it is."""
    made = client.post(action, data=fields)
    if made.status_code != 303:
        return made
    status = parse_html(client.get(made.headers["Location"]).get_data(as_text=True))
    [link] = status.xpath("//a[@download]/@href")
    return client.get(link)
