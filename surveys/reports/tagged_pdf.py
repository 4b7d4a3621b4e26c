"""Tagged PDF (PDF/UA-1) from HTML: the one writer of every document the product prints.

WeasyPrint lays the HTML out and writes the structure tree from its elements: headings,
paragraphs, lists, tables with header cells, figures with their alternative text, and the
running footer as an artifact. The document's language and title come from `<html lang>`
and `<title>`, and readers are told to show the title. WeasyPrint does not yet say which
way a header cell points, so `_header_scopes` adds it (PDF/UA wants it for every `TH`).

Fonts are DejaVu from matplotlib's data directory (see `fonts.font_dir`): nothing is
fetched at run time, and Finnish, Meänkieli and Sami letters are covered.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable, Iterable

import pikepdf
from markupsafe import Markup, escape

from surveys.reports.blocks import (
    Block,
    Bullets,
    Chart,
    Heading,
    MapImage,
    Outline,
    PageBreak,
    Paragraph,
    Quote,
    Table,
)
from surveys.reports.fonts import font_dir
from surveys.reports.languages import language_runs, written_in
from surveys.reports.wording import Gettext, quoted

NAVY = "#0b4f8a"
INK = "#1b1f23"
MUTED = "#555a60"
HEAD_FILL = "#e1eaf3"
RULE = "#aab4be"

ImageOf = Callable[[Chart | MapImage], bytes]


def stylesheet(footer_left: str, page_label: str) -> str:
    """The print style: A4, DejaVu, the product's colours and a footer from page 2 on."""
    return (
        font_faces()
        + f"""
@page {{
  size: A4; margin: 20mm 20mm 22mm;
  @bottom-left {{ content: {_css_string(footer_left)}; font: 8pt "DejaVu"; color: {MUTED}; }}
  @bottom-right {{ content: {page_label}; font: 8pt "DejaVu"; color: {MUTED}; }}
}}
@page :first {{ @bottom-left {{ content: none; }} @bottom-right {{ content: none; }} }}
html {{ font: 10.5pt/1.45 "DejaVu", sans-serif; color: {INK}; }}
h1, h2, h3, h4 {{ color: {NAVY}; line-height: 1.25; break-after: avoid; margin: 1.2em 0 0.4em; }}
h2 {{ font-size: 17pt; }} h3 {{ font-size: 13.5pt; }} h4 {{ font-size: 11pt; color: {INK}; }}
p {{ margin: 0 0 0.7em; }}
p.lead {{ font-size: 12pt; }}
.title-page {{ break-after: page; }}
.title-page .band {{ background: {NAVY}; color: #fff; margin: -20mm -20mm 12mm; padding: 28mm 20mm 10mm; }}
.title-page .organisation {{ font-weight: bold; font-size: 13pt; margin: 0 0 4mm; }}
.title-page h1 {{ color: #fff; font-size: 28pt; margin: 0; }}
.title-page .subtitle {{ font-size: 15pt; }}
.title-page .meta {{ color: {MUTED}; font-size: 11pt; }}
.page-break {{ break-before: page; }}
blockquote {{ font-style: italic; border-left: 2.5pt solid {NAVY}; margin: 0 0 0.7em 2mm;
  padding-left: 4mm; }}
ul, ol {{ margin: 0 0 0.7em; padding-left: 7mm; }}
table {{ border-collapse: collapse; width: 100%; margin: 0 0 5mm; font-size: 9.5pt; }}
table.narrow {{ width: 80%; }}
table.whole {{ break-inside: avoid; }}
caption {{ caption-side: top; text-align: left; font-weight: bold; font-size: 10pt; padding-bottom: 1.5mm; }}
th, td {{ text-align: left; vertical-align: top; padding: 1.2mm 1.8mm; border-bottom: 0.2mm solid {RULE}; }}
thead th {{ background: {HEAD_FILL}; }}
tbody th {{ font-weight: normal; }}
.num {{ text-align: right; }}
tr {{ break-inside: avoid; }}
figure {{ margin: 0 0 5mm; break-inside: avoid; }}
figure img {{ max-width: 100%; max-height: 180mm; }}
figcaption {{ font-style: italic; font-size: 9pt; color: {MUTED}; margin-top: 1.5mm; }}
"""
    )


def font_faces() -> str:
    """DejaVu regular, bold and italic from the local font directory (nothing is fetched)."""
    fonts = font_dir().as_uri()
    return f"""
@font-face {{ font-family: "DejaVu"; src: url("{fonts}/DejaVuSans.ttf"); }}
@font-face {{ font-family: "DejaVu"; font-weight: bold; src: url("{fonts}/DejaVuSans-Bold.ttf"); }}
@font-face {{ font-family: "DejaVu"; font-style: italic; src: url("{fonts}/DejaVuSans-Oblique.ttf"); }}
"""


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_label_css(template: str) -> str:
    """'Page %(page)s of %(pages)s' in the reader's language as CSS content with page counters."""
    pieces = []
    for piece in re.split(r"(%\(page\)s|%\(pages\)s)", template):
        if piece == "%(page)s":
            pieces.append("counter(page)")
        elif piece == "%(pages)s":
            pieces.append("counter(pages)")
        elif piece:
            pieces.append(_css_string(piece))
    return " ".join(pieces) or '""'


def document_html(
    *, language: str, title: str, style: str, body: Iterable[str], direction: str = "ltr"
) -> str:
    """A whole HTML document around already escaped body parts."""
    return (
        f'<!doctype html><html lang="{escape(language)}" dir="{escape(direction)}"><head>'
        f'<meta charset="utf-8"><title>{escape(title)}</title><style>{style}</style></head>'
        f"<body>{''.join(body)}</body></html>"
    )


def inline_html(text: str, language: str) -> str:
    """`text` escaped, with the runs it sets off in another language than `language` in `<span lang>`.

    WeasyPrint writes each span's language into the tagged PDF (`/Lang` on its structure element).
    """
    return "".join(
        str(escape(run)) if code is None else f'<span lang="{escape(code)}">{escape(run)}</span>'
        for run, code in language_runs(text, language)
    )


def title_page(organisation: str, title: str, subtitle: str, lines: Iterable[str], language: str = "") -> str:
    """The title page: organisation and title on the product's blue, then subtitle and status lines."""
    meta = "".join(f'<p class="meta">{inline_html(line, language)}</p>' for line in lines if line)
    return Markup(
        f'<section class="title-page"><div class="band"><p class="organisation">{escape(organisation)}</p>'
        f"<h1>{escape(title)}</h1></div>"
        f'<p class="subtitle">{escape(subtitle)}</p>{meta}</section>'
    )


def block_html(block: Block, _: Gettext, image_of: ImageOf | None = None, language: str = "") -> str:
    """One block of an outline as HTML; headings move down one level under the title page's h1.

    `language` is the document's: text in another one is marked (`inline_html`, quotes).
    """
    if isinstance(block, Heading):
        level = min(block.level + 1, 6)
        return f"<h{level}>{inline_html(block.text, language)}</h{level}>"
    if isinstance(block, Paragraph):
        lead = ' class="lead"' if block.lead else ""
        return f"<p{lead}>{inline_html(block.text, language)}</p>"
    if isinstance(block, Bullets):
        tag = "ol" if block.ordered else "ul"
        # A concern label of known language (block.parts) is marked as such; other quoted runs by detection.
        items = "".join(
            f'<li><span lang="{escape(lang)}">{escape(opening)}</span>{inline_html(rest, language)}</li>'
            if lang
            else f"<li>{inline_html(rest, language)}</li>"
            for lang, opening, rest in block.parts()
        )
        return f"<{tag}>{items}</{tag}>"
    if isinstance(block, Quote):
        code = written_in(block.text, language) if language else None
        mark = "" if code is None else f' lang="{escape(code)}"'
        return f"<blockquote{mark}><p>{escape(quoted(block.text, _))}</p></blockquote>"
    if isinstance(block, Table):
        return table_html(block, language)
    if isinstance(block, Chart | MapImage):
        if image_of is None:
            return ""
        png = base64.b64encode(image_of(block)).decode("ascii")
        figure = (
            f'<figure><img src="data:image/png;base64,{png}" alt="{escape(block.alt)}">'
            f"<figcaption>{escape(block.caption)}</figcaption></figure>"
        )
        table = block.table if isinstance(block, Chart) else None
        return figure + (table_html(table, language) if table else "")
    if isinstance(block, PageBreak):
        return '<div class="page-break"></div>'
    raise TypeError(f"unknown block {block!r}")


def table_html(table: Table, language: str = "") -> str:
    """A table with a caption, column headers and row headers; numeric columns right-aligned."""

    def cls(i: int) -> str:
        return ' class="num"' if i in table.numeric else ""

    head = "".join(f'<th scope="col"{cls(i)}>{escape(h)}</th>' for i, h in enumerate(table.header))
    rows = []
    for row in table.rows:
        cells = [f'<th scope="row">{inline_html(row[0], language)}</th>'] + [
            f"<td{cls(i)}>{inline_html(value, language)}</td>" for i, value in enumerate(row[1:], start=1)
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    classes = [
        name for name, wanted in (("narrow", len(table.header) <= 2), ("whole", len(rows) <= 25)) if wanted
    ]
    attribute = f' class="{" ".join(classes)}"' if classes else ""
    return (
        f"<table{attribute}><caption>{escape(table.caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def outline_pdf(
    outline: Outline,
    _: Gettext,
    *,
    image_of: ImageOf | None = None,
    title_lines: Iterable[str] = (),
) -> bytes:
    """An outline as a tagged A4 PDF: a title page, then its blocks, with a running footer."""
    title = f"{outline.title} – {outline.organisation}"
    style = stylesheet(
        f"{outline.organisation} · {outline.title}", page_label_css(_("Page %(page)s of %(pages)s"))
    )
    body = [
        title_page(
            outline.organisation,
            outline.title,
            outline.subtitle,
            [outline.status, *title_lines],
            outline.language,
        ),
        *(block_html(block, _, image_of, outline.language) for block in outline.blocks),
    ]
    return render_pdf(
        document_html(language=outline.language, title=title, style=style, body=body),
        author=outline.organisation,
        subject=outline.subtitle,
    )


def render_pdf(html: str, *, author: str = "", subject: str = "") -> bytes:
    """`html` as a PDF/UA-1 document, with header cells scoped and the metadata filled in."""
    import weasyprint  # Pango and its fonts load on first use, not when the app starts

    _tag_languages()
    document = weasyprint.HTML(string=html, base_url=font_dir().as_uri() + "/")
    raw = document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)
    return _finish(raw, author=author, subject=subject)


def _tag_languages() -> None:
    """Have WeasyPrint write an element's `lang` into its structure element (`/Lang`).

    WeasyPrint (66–70) takes the document's language from `<html lang>` but drops the
    attribute on the elements inside, so a Swedish label in an English document would be
    read with English rules. Its tag builder is wrapped once to copy the attribute; if a
    later version changes the builder, the wrapper is not installed and the document is
    still tagged, with its single language.
    """
    from weasyprint.pdf import tags

    build = getattr(tags, "_build_box_tree", None)
    if build is None or getattr(build, "copies_lang", False):
        return
    try:
        import pydyf
    except ImportError:  # pragma: no cover - WeasyPrint depends on pydyf
        return

    def with_lang(box, parent, *args):  # type: ignore[no-untyped-def]
        element = getattr(getattr(box, "_box", box), "element", None)
        lang = None
        if element is not None and getattr(box, "element_tag", None) not in ("html", "body"):
            lang = element.get("lang")
        for structure in build(box, parent, *args):
            if lang is not None and "/Lang" not in structure and "Lang" not in structure:
                structure["Lang"] = pydyf.String(lang)
            yield structure

    with_lang.copies_lang = True  # type: ignore[attr-defined]
    tags._build_box_tree = with_lang


def _finish(raw: bytes, *, author: str, subject: str) -> bytes:
    """Scope every table header cell, show the title, and set author, subject and creator."""
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        root = pdf.Root
        if "/StructTreeRoot" in root:
            _join_split_tables(root.StructTreeRoot)
            _header_scopes(root.StructTreeRoot, in_head=False)
        preferences = root.get("/ViewerPreferences") or pikepdf.Dictionary()
        preferences.DisplayDocTitle = True
        root.ViewerPreferences = preferences
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            if author:
                meta["dc:creator"] = [author]
            if subject:
                meta["dc:description"] = subject
            meta["xmp:CreatorTool"] = "Trygg Dialog"
        if author:
            pdf.docinfo["/Author"] = author
        if subject:
            pdf.docinfo["/Subject"] = subject
        pdf.docinfo["/Creator"] = "Trygg Dialog"
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def _join_split_tables(element: pikepdf.Object) -> None:
    """Make a table that runs over a page break one Table element again.

    WeasyPrint starts a new Table element on each page a table reaches. Every table the
    product prints has a caption, so a Table without one that follows a Table is the rest
    of it: its rows move into the first, which keeps caption, head and body together.
    """
    if isinstance(element, pikepdf.Array):
        for child in element:
            _join_split_tables(child)
        return
    if not isinstance(element, pikepdf.Dictionary) or "/K" not in element:
        return
    kids = element.K
    if isinstance(kids, pikepdf.Array):
        kept: list[pikepdf.Object] = []
        for kid in kids:
            previous = kept[-1] if kept else None
            if (
                previous is not None
                and _is(kid, "/Table")
                and _is(previous, "/Table")
                and not any(_is(part, "/Caption") for part in _kids(kid))
            ):
                for part in _kids(kid):
                    if isinstance(part, pikepdf.Dictionary):
                        part.P = previous
                previous.K = pikepdf.Array([*_kids(previous), *_kids(kid)])
                continue
            kept.append(kid)
        if len(kept) != len(kids):
            element.K = pikepdf.Array(kept)
    _join_split_tables(element.K)


def _is(node: object, kind: str) -> bool:
    return isinstance(node, pikepdf.Dictionary) and node.get("/S") == kind


def _kids(node: pikepdf.Object) -> list[pikepdf.Object]:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _header_scopes(element: pikepdf.Object, *, in_head: bool) -> None:
    """Give each TH a /Scope: Column in a THead (or the first row), Row in a TBody."""
    if isinstance(element, pikepdf.Array):
        for child in element:
            _header_scopes(child, in_head=in_head)
        return
    if not isinstance(element, pikepdf.Dictionary):
        return
    kind = element.get("/S")
    if kind == "/THead":
        in_head = True
    elif kind == "/TBody":
        in_head = False
    elif kind == "/TH":
        scope = pikepdf.Name.Column if in_head else pikepdf.Name.Row
        element.A = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=scope)
    children = element.get("/K")
    if children is not None and kind != "/TH":
        _header_scopes(children, in_head=in_head)
