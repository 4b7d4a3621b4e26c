"""An attacker holding every output channel at once cannot isolate fewer than the floor.

Hypothesis builds small rounds (residents and staff with a random area, age band, language and
answer; one sentence raises two areas) and, separately, incident sets over four months. Each
world is built once and every channel is read from it:

- survey world: the situation page under every breakdown and every filter it offers, both scale
  distributions, the priorities page, the lägesbild HTML, the map (SVG), the themes export
  (`trygg themes --format json|csv`), the lägesbild PDF and DOCX text (a third of the examples:
  the document jobs cost most), and every cluster's answer list under every filter, read by a
  staff member who is no reviewer;
- incident world: the monthly and quarterly periodic pages (tables, "places most in need", the
  map table and hot spots), their SVG maps and the quarter's PDF.

What is checked (issue #13, item 2):

1. no shown count is in 1..floor-1 ("13", "(13)" in "27 % (13)", "n = 13", a document's text);
2. where a total is shown, the total minus the shown parts is 0 or at least the floor when
   some part is hidden, across pages (the map with the situation page, the lägesbild with it);
3. a filtered view and the unfiltered view never differ, in a column's total, a cell or an
   answer list's count, by 1..floor-1;
4. a share shown beside a known base does not give away a count of 1..floor-1;
5. for incidents, an attacker collects every figure of every page and map, and works out all
   that the sums give (areas and categories of a period, area x category cells, serious
   incidents, months of a quarter, the change column, hot spots within an area) until nothing
   more follows: nothing worked out is 1..floor-1, and hidden parts never add up to that;
6. group · area · language is printed under an answer only for a combination of at least the
   floor, and a withheld answer list claims no count.

The true counts are computed from what was submitted, so that a shown figure is also checked
to be the true one. The guards themselves (`guard_parts`, `guard_table`, `guard_relations`)
are read at the end of the module with the same checker.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field

from docx import Document
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from pypdf import PdfReader

from analysis.taxonomy import load_taxonomy
from app.extensions import db
from surveys.accounts.models import Role
from surveys.answering.submission import submit_response
from surveys.disclosure.floor import Count, guard_parts, guard_relations, guard_table
from surveys.incidents.models import Incident
from surveys.places.geojson import parse_areas
from surveys.places.service import save_area_shapes
from surveys.review.runs import execute_run, start_run
from tests.app.helpers import download_report, sign_in
from tests.app.test_map_views import geojson
from tests.factories import local_instant, make_org, make_survey, make_user

FLOOR = 5
AREAS = ("Centrum", "Norr", "Söder")
# Outlines: Centrum (18.00–18.01, 59.00–59.01), Norr north of it, Söder south of it; a marked
# incident lies close to its area's centre, so each hot spot lies in one area.
OUTLINES = {"Centrum": (18.00, 59.00), "Norr": (18.00, 59.01), "Söder": (18.00, 58.99)}
AGE_BANDS = (None, "16_24", "25_44", "65_79")
LANGUAGES = ("sv", "en")
# Sentences that land in known problem areas; the last raises two, so one respondent counts
# in two areas' figures (their sum exceeds the respondents).
SENTENCES = {
    "Knark säljs vid skolan": ("Narkotika",),
    "Bilar kör för fort": ("Trafik",),
    "Trasiga gatlampor": ("Belysning och fysisk miljö",),
    "Knark säljs vid skolan och bilar kör för fort": ("Narkotika", "Trafik"),
}
HIDDEN_WORDS = ("färre än", "fewer than", "hidden", "dold", "dolt")
# Columns and rows whose bare integers are not counts of people.
NOT_COUNTS = re.compile(r"rank|rang|plac|plats|score|poäng|0–100|weight|vikt|period|år\b|year", re.IGNORECASE)


@dataclass(frozen=True)
class Person:
    group: str  # "resident" or "staff"
    area: str | None
    age_band: str | None
    language: str
    text: str
    day: int | None = None  # daytime safety, 1-5, residents only


@dataclass
class Cell:
    """One parsed table cell: a shown count, a shown share, or a hidden figure."""

    text: str
    count: int | None = None
    share: float | None = None
    hidden: bool = False


@dataclass
class Table:
    columns: list[str]
    totals: dict[str, int | None]  # column → "n = …" in its header, None when hidden
    rows: dict[str, dict[str, Cell]] = field(default_factory=dict)


resident = st.builds(
    Person,
    group=st.just("resident"),
    area=st.sampled_from((None, *AREAS)),
    age_band=st.sampled_from(AGE_BANDS),
    language=st.sampled_from(LANGUAGES),
    text=st.sampled_from(tuple(SENTENCES)),
    day=st.sampled_from((None, 1, 2, 3, 4, 5)),
)
staff_member = st.builds(
    Person,
    group=st.just("staff"),
    area=st.sampled_from((None, *AREAS)),
    age_band=st.none(),
    language=st.just("sv"),
    text=st.sampled_from(tuple(SENTENCES)),
)
# The size is drawn first, so that rounds of every size up to the maximum come up (lists
# alone stay short).
residents = st.integers(0, 30).flatmap(lambda n: st.lists(resident, min_size=n, max_size=n))
staff_members = st.integers(0, 8).flatmap(lambda n: st.lists(staff_member, min_size=n, max_size=n))


def _build_round(people: list[Person], n_areas: int):  # type: ignore[no-untyped-def]
    org = make_org(db.session, areas=list(AREAS[:n_areas]))
    save_area_shapes(db.session, org, parse_areas(geojson(**{a: OUTLINES[a] for a in AREAS[:n_areas]})))
    citizen = make_survey(db.session, org, series="dialog", round_label="2026")
    staff = make_survey(db.session, org, template="staff_dialogue", series="personal", round_label="2026")
    for survey, group, text_key in ((citizen, "resident", "priorities"), (staff, "staff", "seen_in_work")):
        questions = {q.key: q for q in survey.questions}
        members = [p for p in people if p.group == group]
        for n, person in enumerate(members):
            values = {questions[text_key].id: person.text}
            if person.area:
                values[questions["area"].id] = person.area
            if person.day and "safety_day" in questions:
                values[questions["safety_day"].id] = person.day
            if person.age_band and "age_band" in questions:
                values[questions["age_band"].id] = person.age_band
            submit_response(
                db.session,
                survey,
                values,
                submission_token=f"{survey.slug}-{n}",
                language=person.language,
                enforce_open=False,
            )
        if members:
            execute_run(db.session, start_run(db.session, survey).id)
    return org, citizen


def _hidden(text: str) -> bool:
    low = text.lower()
    return any(word in low for word in HIDDEN_WORDS)


def _cell(text: str, counts: bool) -> Cell:
    text = " ".join(text.split())
    cell = Cell(text)
    if _hidden(text):
        cell.hidden = True
        return cell
    share = re.search(r"(\d+(?:[.,]\d+)?)\s*%", text)
    if share:
        cell.share = float(share.group(1).replace(",", ".")) / 100
    bracket = re.search(r"\((\d+)\)", text)
    if bracket:
        cell.count = int(bracket.group(1))
    elif counts and re.fullmatch(r"\d+", text):
        cell.count = int(text)
    return cell


def _tables(page: str) -> list[Table]:
    """Every table of the page: header labels with their "n =", and cells by row and column label."""
    tables = []
    for element in lxml_html.fromstring(page).iter("table"):
        trs = list(element.iter("tr"))
        if not trs:
            continue
        header = [" ".join(c.text_content().split()) for c in trs[0] if c.tag in ("th", "td")]
        columns, totals = [], {}
        for label in header:
            n = re.search(r"n\s*=\s*(\S+)", label)
            name = re.sub(r"n\s*=.*", "", label).strip()
            columns.append(name)
            if n:
                totals[name] = int(n.group(1)) if n.group(1).isdigit() else None
        table = Table(columns=columns, totals=totals)
        for tr in trs[1:]:
            cells = [c for c in tr if c.tag in ("th", "td")]
            if not cells:
                continue
            label = " ".join(cells[0].text_content().split())
            row = {}
            for name, td in zip(columns[1:], cells[1:], strict=False):
                counts = not NOT_COUNTS.search(name) and not NOT_COUNTS.search(label)
                row[name] = _cell(td.text_content(), counts)
            table.rows[label] = row
        tables.append(table)
    return tables


def _shown_counts(table: Table) -> list[int]:
    found = [n for n in table.totals.values() if n is not None]
    found += [c.count for row in table.rows.values() for c in row.values() if c.count is not None]
    return found


def _small(n: int | None) -> bool:
    return n is not None and 0 < n < FLOOR


def _check_page(where: str, tables: list[Table]) -> None:
    """Checks 1, 2 and 4 within one page."""
    for table in tables:
        # 1. No shown count of 1..floor-1.
        small = [n for n in _shown_counts(table) if _small(n)]
        assert not small, (where, table)
        for column, total in table.totals.items():
            cells = [row[column] for row in table.rows.values() if column in row]
            # 4. A share beside a shown base gives the count.
            if total is not None:
                for cell in cells:
                    if cell.share is not None:
                        assert not _small(round(cell.share * total)), (where, column, cell, total)


def _situation_views(client, slug: str) -> dict[tuple[str, str], Table]:  # type: ignore[no-untyped-def]
    """(by, filter) → the breakdown table, for every breakdown and filter the page offers."""
    base = f"/admin/surveys/{slug}/situation"
    first = client.get(base).get_data(as_text=True)
    tree = lxml_html.fromstring(first)
    bys = [o.get("value") or "" for o in tree.xpath("//select[@name='by']//option")]
    onlys = [o.get("value") or "" for o in tree.xpath("//select[@name='only']//option")]
    if not bys:
        assert not any(_shown_counts(t) for t in _tables(first))  # a round without answers: no figures
        return {}
    for scales in ("group", "area"):
        _check_scales(scales, client.get(base, query_string={"scales": scales}).get_data(as_text=True))
    views = {}
    for by in bys:
        for only in onlys:
            page = client.get(base, query_string={"by": by, "only": only}).get_data(as_text=True)
            tables = _tables(page)
            _check_page(f"situation by={by} only={only}", tables)
            refused = "tillämpas inte" in page or "not applied" in page
            assert not refused, (by, only)  # the page offers only filters it applies
            views[(by, only)] = tables[0]
    return views


def _check_scales(where: str, page: str) -> None:
    """1 and 2 for the scale distributions: "value: count" tags beside the row's n."""
    section = lxml_html.fromstring(page).get_element_by_id("scales-heading").getparent()
    for tr in section.iter("tr"):
        cells = tr.findall("td")
        if len(cells) != 4:
            continue
        n_text = cells[2].text_content().strip()
        parts = [_cell(tag.text_content().partition(":")[2], True) for tag in cells[3].find_class("tag")]
        total = int(n_text) if n_text.isdigit() else None
        assert not _small(total), (where, n_text)
        assert not any(_small(p.count) for p in parts), (where, parts)
        _check_parts(f"scales by {where}", total, parts)


def _check_across_filters(views: dict[tuple[str, str], Table]) -> None:
    """3. A filtered and the unfiltered view of the same breakdown differ by 0 or the floor."""
    for (by, only), table in views.items():
        if not only:
            continue
        plain = views[(by, "")]
        for column, total in table.totals.items():
            other = plain.totals.get(column)
            if total is not None and other is not None:
                assert not _small(other - total), (by, only, column, total, other)
        for theme, row in table.rows.items():
            for column, cell in row.items():
                other = plain.rows.get(theme, {}).get(column)
                if cell.count is not None and other is not None and other.count is not None:
                    assert not _small(other.count - cell.count), (by, only, theme, column)


def _check_parts(where: str, total: int | None, parts: list[Cell]) -> None:
    """2. A shown total minus its shown parts is 0 or at least the floor when a part is hidden."""
    if total is None or not any(p.hidden for p in parts):
        return
    rest = total - sum(p.count or 0 for p in parts if not p.hidden)
    assert rest == 0 or rest >= FLOOR, (where, total, parts)


def _true_breakdown(people: list[Person], by: str) -> tuple[Counter, Counter]:
    """(column → respondents, (theme, column) → respondents raising it) for a breakdown."""
    sizes: Counter = Counter()
    cells: Counter = Counter()
    for p in people:
        column = {"group": p.group, "area": p.area, "language": p.language, "age_band": p.age_band}[by]
        sizes[column or "–"] += 1
        for theme in SENTENCES[p.text]:
            cells[(theme, column or "–")] += 1
    return sizes, cells


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    # Shrinking a round of pages takes minutes; a failure is shrunk by hand into a regression test.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(
    residents=residents,
    staff=staff_members,
    n_areas=st.integers(min_value=2, max_value=3),
    documents=st.sampled_from((False, False, True)),  # the PDF and DOCX jobs cost most: a third
)
def test_no_output_channel_isolates_a_group_under_the_floor(client, residents, staff, n_areas, documents):
    people = [p for p in residents + staff if p.area is None or p.area in AREAS[:n_areas]]
    org, citizen = _build_round(people, n_areas)
    client = client.application.test_client()  # a fresh session for each round's analyst
    sign_in(client, make_user(db.session, org, Role.ANALYST))
    slug = citizen.slug
    views = _situation_views(client, slug)
    _check_across_filters(views)
    for (by, only), table in views.items():
        for column, total in table.totals.items():
            _check_parts(
                f"{by}/{only}/{column}", total, [r[column] for r in table.rows.values() if column in r]
            )
    # The unfiltered figures are the true ones.
    everyone = views.get(("", ""), Table([], {}))
    assert (
        everyone.totals.get("All", everyone.totals.get("Alla")) in (len(people) or None, None) or not people
    )
    for by in ("area", "language", "age_band", "group"):
        if (by, "") not in views:
            continue
        table = views[(by, "")]
        _sizes, cells = _true_breakdown(people, by)
        for theme, row in table.rows.items():
            for column, cell in row.items():
                if cell.count is None:
                    continue
                if by == "area" and column in AREAS:  # area columns are named by the area itself
                    assert cell.count == cells[(theme, column)], (by, theme, column, cell)
                assert cell.count in {0, *cells.values()}, (by, theme, cell)
    priorities = _tables(client.get(f"/admin/surveys/{slug}/priorities").get_data(as_text=True))
    report = _tables(client.get(f"/admin/surveys/{slug}/report").get_data(as_text=True))
    _check_page("priorities", priorities)
    _check_page("report", report)
    _check_across_pages(views, priorities, report, n_areas)
    _check_map(client, slug, views)
    _check_themes_export(client, slug, priorities)
    if documents and people:
        for fmt in ("pdf", "docx"):
            _check_document_text(
                f"lägesbild {fmt}", _document_text(download_report(client, slug, fmt), fmt), {}
            )
    viewer = client.application.test_client()
    sign_in(viewer, make_user(db.session, org, Role.VIEWER))
    viewer.get("/sprak/en?next=/")
    for survey_slug in {citizen.slug, *(s.slug for s in org.surveys)}:
        _check_quote_lists(viewer, survey_slug, people)


def _document_text(response, fmt: str) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    if fmt == "pdf":
        return _pdf_text(response.data)
    document = Document(io.BytesIO(response.data))
    lines = [p.text for p in document.paragraphs]
    lines += [" ".join(c.text for c in row.cells) for t in document.tables for row in t.rows]
    return "\n".join(lines)


def _check_map(client, slug: str, views: dict) -> None:  # type: ignore[no-untyped-def]
    """The map's area figures: never small, and with the situation page's areas they leave no small rest."""
    svg = client.get(f"/admin/surveys/{slug}/map.svg").get_data(as_text=True)
    on_map: dict[str, int | None] = {}
    for title in ET.fromstring(svg).iter(f"{SVG}title"):
        found = re.fullmatch(r"(.+?): (\S+)(?: \(.*\))?", title.text or "")
        if found and found.group(1) in AREAS:
            on_map[found.group(1)] = int(found.group(2)) if found.group(2).isdigit() else None
    assert not any(_small(n) for n in on_map.values()), on_map
    by_area = views.get(("area", ""))
    if by_area is None:
        return
    for area, n in on_map.items():
        shown = by_area.totals.get(area)
        if n is not None and shown is not None:
            assert n == shown, (area, n, shown)  # the same figure, or one channel gives the other away
    total = next(iter(views[("", "")].totals.values()), None)
    union = []
    for column, n in by_area.totals.items():
        n = n if n is not None else on_map.get(column)
        union.append(Cell(str(n), count=n, hidden=n is None))
    _check_parts("map + situation by area", total, union)


def _check_themes_export(client, slug: str, priorities: list[Table]) -> None:  # type: ignore[no-untyped-def]
    """`trygg themes SLUG --format json|csv`: no small count, and the priorities page's figures."""
    runner = client.application.test_cli_runner()
    exported = runner.invoke(args=["themes", slug, "--format", "json"])
    if exported.exit_code != 0:
        return  # nothing analysed yet
    rows = json.loads(exported.output)
    for row in rows:
        assert not _small(row["respondents"]), row
    sheet = runner.invoke(args=["themes", slug, "--format", "csv", "--dialect", "en"]).output
    for record in csv.DictReader(io.StringIO(sheet)):
        value = record["respondents"]
        assert not (value.isdigit() and _small(int(value))), record
        assert value or "respondents" in record["hidden"], record  # blank only where marked hidden


def _check_quote_lists(viewer, slug: str, people: list[Person]) -> None:  # type: ignore[no-untyped-def]
    """A staff member who is no reviewer reads every cluster's answer list, under every filter.

    The counts of matching answers are never 1..floor-1, nor differ between filters by that;
    group · area · language is printed under an answer only for a combination of at least the
    floor of the round's respondents.
    """
    tree = lxml_html.fromstring(viewer.get(f"/admin/surveys/{slug}/analysis").get_data(as_text=True))
    links = {a.get("href") for a in tree.xpath("//section//h3/a[contains(@href, '/analysis/clusters/')]")}
    # The language shown is the answer's own, and every sentence here is Swedish.
    sizes = Counter((p.group, p.area or "–", "sv") for p in people)
    filters = [{}, *({"group": g} for g in ("resident", "staff"))]
    filters += [{"area": a} for a in AREAS] + [{"language": code} for code in LANGUAGES]
    for link in sorted(links):
        matching: dict[tuple, int] = {}
        for query in filters:
            page = lxml_html.fromstring(viewer.get(link, query_string=query).get_data(as_text=True))
            meta = " ".join(page.xpath("string(//p[@class='meta'][1])").split())
            found = re.search(r"(\d+) of (\d+) answers match", meta)
            withheld = "are not listed" in page.text_content()
            # A withheld list claims no count ("0 of 12 match" was untrue for 1-4).
            assert not (withheld and found), (link, query, meta)
            if found:
                n, size = int(found.group(1)), int(found.group(2))
                assert not _small(size) and not _small(n), (link, query, meta)
                matching[tuple(query.items())] = n
            for line in page.xpath("//blockquote/following-sibling::p[@class='meta'][1]"):
                parts = [" ".join(t.split()) for t in line.text_content().split("·")]
                if parts[0] in ("Residents", "Staff"):
                    group = "resident" if parts[0] == "Residents" else "staff"
                    area = parts[1] if len(parts) > 3 else "–"
                    language = {"Swedish": "sv", "English": "en"}.get(parts[-2], parts[-2])
                    assert sizes[(group, area, language)] >= FLOOR, (link, parts, sizes)
        everyone = matching.get(())
        for query, n in matching.items():
            if query and everyone is not None:
                assert not _small(everyone - n), (link, query, n, everyone)


def _rows_by_index(table: Table) -> list[tuple[str, list[Cell]]]:
    return [(label, list(row.values())) for label, row in table.rows.items()]


def _check_across_pages(
    views: dict[tuple[str, str], Table], priorities: list[Table], report: list[Table], n_areas: int
) -> None:
    """What the pages show together: theme totals, their parts by area, and shares of known bases."""
    everyone = views.get(("", ""))
    if everyone is None:
        return
    base = next(iter(everyone.totals.values()), None)  # n = all who answered
    theme_totals: dict[str, int] = {}
    for theme, row in everyone.rows.items():
        cell = next(iter(row.values()))
        if cell.count is not None:
            theme_totals[theme] = cell.count
    group_sizes = {col: n for col, n in views.get(("group", ""), Table([], {})).totals.items()}
    ranking = next((t for t in priorities if len(t.columns) >= 6), None)
    for _rank, cells in _rows_by_index(ranking) if ranking else ():
        theme = cells[0].text
        respondents, share, residents, staff = cells[1], cells[2], cells[3], cells[4]
        if respondents.count is not None:
            # The same figure on two pages is the same, or one page gives the other away.
            assert theme_totals.setdefault(theme, respondents.count) == respondents.count, theme
        # 4. A share of all respondents gives the count when the count itself is hidden.
        if share.share is not None and base is not None:
            assert not _small(round(share.share * base)), ("priorities share", theme, share, base)
        for group, cell in (("Residents", residents), ("Staff", staff)):
            size = group_sizes.get(
                group, group_sizes.get({"Residents": "Invånare"}.get(group, "Medarbetare"))
            )
            if cell.share is not None and size is not None:
                assert not _small(round(cell.share * size)), ("priorities group share", theme, group, cell)
    # The lägesbild: per problem area a table of figures, then its respondents by area.
    area_labels = {*AREAS[:n_areas], "–", "Not stated", "Ej angivet", "Uppgift saknas"}
    by_area = views.get(("area", ""))
    for figures, parts in zip(report, report[1:], strict=False):
        if len(figures.rows) != 8 or not parts.rows or not set(parts.rows) <= area_labels:
            continue
        values = list(figures.rows.values())
        respondents = next(iter(values[1].values()))
        shown = [next(iter(r.values())) for r in parts.rows.values()]
        theme = next((t for t, n in theme_totals.items() if n == respondents.count), None)
        total = respondents.count
        _check_parts("lägesbild areas", total, shown)
        if by_area is None or theme is None or theme not in by_area.rows:
            continue
        # 2 across pages: what either page shows of the same area cells.
        union = []
        for column, cell in by_area.rows[theme].items():
            other = parts.rows.get(column, {})
            other_cell = next(iter(other.values()), None) if other else None
            if cell.count is None and other_cell is not None and other_cell.count is not None:
                union.append(other_cell)
            else:
                union.append(cell)
        _check_parts("situation + lägesbild", total, union)


def _person(text: str, age_band: str | None = None, area: str | None = "Centrum") -> Person:
    return Person("resident", area, age_band, "sv", text)


def test_hidden_cells_of_a_column_do_not_add_up_to_a_small_group_under_its_n(client):
    # Age band not stated: n = 8, drugs 5 shown, traffic 2 and lighting 1 hidden: 8 - 5 = 3
    # people who raised traffic or lighting and did not give their age.
    people = [_person("Knark säljs vid skolan")] * 5 + [_person("Bilar kör för fort")] * 2
    people += [_person("Trasiga gatlampor")]
    people += [_person(text, "25_44") for text in list(SENTENCES)[:3] for _ in range(6)]
    org, citizen = _build_round(people, 2)
    sign_in(client, make_user(db.session, org, Role.ANALYST))
    page = client.get(f"/admin/surveys/{citizen.slug}/situation?by=age_band").get_data(as_text=True)
    table = _tables(page)[0]
    assert set(table.totals) >= {"25–44 år", "Not stated"} or set(table.totals) >= {"25–44 år", "Ej angivet"}
    for column, total in table.totals.items():
        _check_parts(column, total, [row[column] for row in table.rows.values()])


# ---------------------------------------------------------------------------------------------
# The periodic incident picture: months, their quarter, the map beside them and its hot spots.

SVG = "{http://www.w3.org/2000/svg}"
CATEGORIES = ("skadegorelse", "vald", "narkotika")
MONTHS = ("2025-12", "2026-01", "2026-02", "2026-03")
PAGES = (("month", "2026-01"), ("month", "2026-02"), ("month", "2026-03"), ("quarter", "2026-Q1"))
QUARTERS = {"2026-Q1": ("2026-01", "2026-02", "2026-03"), "2025-Q4": ("2025-10", "2025-11", "2025-12")}


@dataclass(frozen=True)
class Event:
    month: str
    area: str
    category: str
    severity: int
    marked: bool  # placed on the map


event = st.builds(
    Event,
    month=st.sampled_from(MONTHS),
    area=st.sampled_from(tuple(OUTLINES)),
    category=st.sampled_from(CATEGORIES),
    severity=st.integers(1, 3),
    marked=st.booleans(),
)
# About five incidents per month and area: figures on both sides of the floor.
events = st.integers(0, 70).flatmap(lambda n: st.lists(event, min_size=n, max_size=n))


def _record_incidents(org, happened: list[Event]) -> None:  # type: ignore[no-untyped-def]
    for n, event in enumerate(happened):
        year, month = map(int, event.month.split("-"))
        lon, lat = OUTLINES[event.area]
        db.session.add(
            Incident(
                organisation_id=org.id,
                occurred_at=local_instant(dt.datetime(year, month, 1 + n % 27, 20)),
                area=event.area,
                category=event.category,
                incident_type="other",
                severity=event.severity,
                latitude=lat + 0.005 + (n % 5) * 0.0001 if event.marked else None,
                longitude=lon + 0.005 if event.marked else None,
            )
        )
    db.session.commit()


def _quarter_of(month: str) -> str:
    year, m = month.split("-")
    return f"{year}-Q{(int(m) - 1) // 3 + 1}"


def _true_incident_figures(happened: list[Event]) -> dict[tuple, int]:
    """(period, kind, key...) → the true figure, for every month and quarter."""
    truth: Counter = Counter()
    for e in happened:
        for period in (e.month, _quarter_of(e.month)):
            truth[(period, "total")] += 1
            truth[(period, "area", e.area)] += 1
            truth[(period, "category", e.category)] += 1
            truth[(period, "cell", e.area, e.category)] += 1
            truth[(period, "serious" if e.severity >= 2 else "mild", e.area)] += 1
    return truth


def _incident_relations(periods: set[str], categories: set[str]) -> list[tuple[tuple, list[tuple]]]:
    """The sums an attacker knows: totals of areas and categories, cells, quarters of months."""
    relations: list[tuple[tuple, list[tuple]]] = []
    areas = tuple(OUTLINES)
    for p in periods:
        relations.append(((p, "total"), [(p, "area", a) for a in areas]))
        relations.append(((p, "total"), [(p, "category", c) for c in categories]))
        relations += [((p, "area", a), [(p, "cell", a, c) for c in categories]) for a in areas]
        relations += [((p, "category", c), [(p, "cell", a, c) for a in areas]) for c in categories]
        relations += [((p, "area", a), [(p, "serious", a), (p, "mild", a)]) for a in areas]
        relations += [((p, "area", a), [(p, "spots", a), (p, "off-spot", a)]) for a in areas]
    for quarter, months in QUARTERS.items():
        keys = {k[1:] for r in relations for k in (r[0], *r[1]) if k[0] == quarter}
        relations += [
            ((quarter, *k), [(m, *k) for m in months]) for k in keys if k[0] not in ("spots", "off-spot")
        ]
    return relations


def _shown_number(text: str) -> int | None:
    text = " ".join(text.split())
    return int(text) if re.fullmatch(r"\d+", text) else None


def _read_periodic_page(page: str, kind: str, label: str, known: dict[tuple, int], previous: str) -> None:
    """Every figure one periodic page shows, into `known` (and each checked against the floor)."""
    tree = lxml_html.fromstring(page)
    where = f"{kind} {label}"
    text = " ".join(tree.text_content().split())
    for caption_kind in (("Incidents by problem area", "category"), ("Incidents by area", "area")):
        caption, figure = caption_kind
        [table] = [t for t in tree.iter("table") if " ".join(t.findtext("caption", "").split()) == caption]
        for tr in table.iter("tr"):
            cells = [c for c in tr if c.tag in ("th", "td")]
            if len(cells) != 4 or cells[0].tag == "th" and cells[1].tag == "th":
                continue
            key = " ".join(cells[0].text_content().split())
            key = CATEGORY_KEYS.get(key, key)
            for period, cell in ((label, cells[1]), (previous, cells[2])):
                _note(known, (period, figure, key), _shown_number(cell.text_content()), where)
            change = " ".join(cells[3].text_content().split()).replace("−", "-")
            if re.fullmatch(r"[+-]?\d+", change):
                _note(known, (label, "change", figure, key), int(change), where, signed=True)
    cross = [
        t
        for t in tree.iter("table")
        if " ".join(t.findtext("caption", "").split()) == "Areas and problem areas"
    ]
    for table in cross:
        trs = list(table.iter("tr"))
        heads = [CATEGORY_KEYS.get(" ".join(c.text_content().split()), "") for c in trs[0]][1:]
        for tr in trs[1:]:
            cells = list(tr)
            area = " ".join(cells[0].text_content().split())
            for category, cell in zip(heads, cells[1:], strict=True):
                _note(known, (label, "cell", area, category), _shown_number(cell.text_content()), where)
    for li in tree.xpath("//ol[@id='top-areas']/li"):
        line = " ".join(li.text_content().split())
        found = re.fullmatch(r"(.+?): (\d+) incidents?(?: \((\d+) serious or very serious\))?", line)
        assert found or "fewer than" in line or "hidden" in line, (where, line)
        if found:
            _note(known, (label, "area", found.group(1)), int(found.group(2)), where)
            if found.group(3):
                _note(known, (label, "serious", found.group(1)), int(found.group(3)), where)
    for tr in tree.xpath("//table[@id='map-table']//tr[th[@scope='row']]"):
        area = " ".join(tr[0].text_content().split())
        _note(known, (label, "area", area), _shown_number(tr[1].text_content()), where)
    spots: Counter = Counter()
    for tr in tree.xpath("//table[@id='hotspot-table']/tbody/tr"):
        count = _shown_number(tr[1].text_content())
        assert count is not None and count >= FLOOR, (where, "hot spot", count)
        lat = float(tr[2].text_content().split(",")[0])
        spots[next(a for a, (_, south) in OUTLINES.items() if south <= lat < south + 0.01)] += count
    for area in OUTLINES:
        _note(known, (label, "spots", area), spots[area], where)
    total = re.search(r"(\d+) incidents? \(previous period (\d+), change", text)
    if total:
        _note(known, (label, "total"), int(total.group(1)), where)
        _note(known, (previous, "total"), int(total.group(2)), where)


def _note(known: dict, key: tuple, value: int | None, where: str, signed: bool = False) -> None:
    """A figure the attacker has read: never 1..floor-1, and the same wherever it is shown."""
    if value is None:
        return
    if not signed:
        assert not _small(value), (where, key, value)
    assert known.setdefault(key, value) == value, (where, key, value, known[key])


def _attack(known: dict[tuple, int], relations: list[tuple[tuple, list[tuple]]], truth: dict) -> dict:
    """Work out what the sums give away, until nothing more follows.

    A relation with one unknown member gives it; one whose total is known and whose unknown
    parts are several must leave them 0 or at least the floor together. Nothing worked out
    may be a group of 1..floor-1, and every figure read or worked out is the true one.
    """
    known = dict(known)
    for key, value in known.items():
        if key[1:2] not in (("change",), ("spots",)):
            assert value == truth.get(key, 0), ("a shown figure is not the true one", key, value)
    changed = True
    while changed:
        changed = False
        for total, parts in relations:
            unknown = [k for k in (total, *parts) if k not in known]
            if len(unknown) == 1:
                [key] = unknown
                rest = known[total] - sum(known[p] for p in parts if p in known) if key != total else 0
                value = rest if key != total else sum(known[p] for p in parts)
                assert key[1:2] in (("change",), ("spots",), ("off-spot",)) or value == truth.get(key, 0), (
                    key,
                    value,
                )
                assert not _small(value), ("worked out", key, value, total, parts)
                known[key] = value
                changed = True
            elif unknown and total in known:
                rest = known[total] - sum(known[p] for p in parts if p in known)
                assert rest == 0 or rest >= FLOOR, ("hidden parts add up to", rest, total, unknown)
    return known


def _change_relations(known: dict) -> list[tuple[tuple, list[tuple]]]:
    """A change shown beside a figure is one more sum: this period = the one before + change."""
    relations = []
    for key in known:
        if key[1] == "change":
            label, figure, name = key[0], key[2], key[3]
            previous = PREVIOUS[label]
            relations.append(((label, figure, name), [(previous, figure, name), key]))
    return relations


PREVIOUS = {"2026-01": "2025-12", "2026-02": "2026-01", "2026-03": "2026-02", "2026-Q1": "2025-Q4"}


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(happened=events)
def test_no_periodic_page_map_or_pdf_isolates_fewer_than_the_floor_of_incidents(client, happened):
    org = make_org(db.session, areas=list(OUTLINES))
    save_area_shapes(db.session, org, parse_areas(geojson(**OUTLINES)))
    _record_incidents(org, happened)
    client = client.application.test_client()
    sign_in(client, make_user(db.session, org, Role.VIEWER))
    client.get("/sprak/en?next=/")
    known: dict[tuple, int] = {}
    for kind, label in PAGES:
        query = {"org": org.slug, "kind": kind, "period": label}
        page = client.get("/admin/situation/periodic", query_string=query).get_data(as_text=True)
        _read_periodic_page(page, kind, label, known, PREVIOUS[label])
        svg = client.get("/admin/situation/periodic/map.svg", query_string=query).get_data(as_text=True)
        for title in ET.fromstring(svg).iter(f"{SVG}title"):
            found = re.fullmatch(r"(.+?): (\d+) \(incidents\)", title.text or "")
            if found:
                _note(known, (label, "area", found.group(1)), int(found.group(2)), f"map {label}")
            spot = re.fullmatch(r"Hot spot: (\d+) marked incidents", title.text or "")
            if spot:
                assert int(spot.group(1)) >= FLOOR, (label, title.text)
    pdf = client.get(
        "/admin/situation/periodic.pdf",
        query_string={"org": org.slug, "kind": "quarter", "period": "2026-Q1"},
    )
    _check_document_text("periodic pdf", _pdf_text(pdf.data), known)
    periods = {k[0] for k in known} | set(MONTHS) | set(QUARTERS)
    categories = {e.category for e in happened}
    relations = _incident_relations(periods, categories) + _change_relations(known)
    _attack(known, relations, _true_incident_figures(happened))


CATEGORY_KEYS = {load_taxonomy().area(c).name_en: c for c in CATEGORIES}


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


# What a document's text may hold besides figures: dates, page and period numbers, the floor.
NOT_FIGURES = re.compile(
    r"page \d+ of \d+|sida \d+ av \d+|\d+(?:st|nd|rd|th)? (?:quarter|kvartalet)|\b\d{4}-\d{2}(?:-\d{2})?\b"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|December) \d+"
    r"|\d+ (?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)"
    r"|(?:fewer than|färre än|below|under|at least|minst) \d+|testkommun \d+|\d+[.,]\d+|\d+\s*%"
    r"|\b(?:19|20)\d{2}\b|radius \(m\)"
    r"|(?:bilaga|appendix|plats i prioriteringen|place in the ranking|rank) \d+"
    r"|[+−-]\d+",  # a change between periods: checked with the figures it joins on the pages
    re.IGNORECASE,
)


# The number of a list item or table row ("1. Centrum: …", "2 Söder 6 150" of the hot spots).
ITEM_NUMBER = re.compile(r"^\s*\d+\.?\s+(?=[^\d\s])", re.MULTILINE)


def _document_counts(text: str) -> list[int]:
    """Every whole number a document shows that may be a count of people or incidents."""
    text = NOT_FIGURES.sub(" ", ITEM_NUMBER.sub(" ", text))
    return [int(n) for n in re.findall(r"(?<![\w.,])\d+(?![\w.,])", text)]


def _check_document_text(where: str, text: str, known: dict) -> None:
    """No count of 1..floor-1 in the document, and a table line holds the figures the pages show."""
    small = [n for n in _document_counts(text) if _small(n)]
    lines = [line for line in text.splitlines() if any(_small(n) for n in _document_counts(line))]
    assert not small, (where, small, lines)


def test_a_hot_spot_cannot_be_subtracted_from_its_area_figure(client):
    # March: Norr 7 incidents, 5 of them marked close together; Centrum and Söder 6 each.
    # Norr's 7 minus its hot spot of 5 left 2 incidents in Norr outside the spot.
    org = make_org(db.session, areas=list(OUTLINES))
    save_area_shapes(db.session, org, parse_areas(geojson(**OUTLINES)))
    happened = [Event("2026-03", "Norr", "vald", 1, n < 5) for n in range(7)]
    happened += [Event("2026-03", area, "vald", 1, False) for area in ("Centrum", "Söder") for _ in range(6)]
    _record_incidents(org, happened)
    sign_in(client, make_user(db.session, org, Role.VIEWER))
    client.get("/sprak/en?next=/")
    query = {"org": org.slug, "kind": "month", "period": "2026-03"}
    tree = lxml_html.fromstring(
        client.get("/admin/situation/periodic", query_string=query).get_data(as_text=True)
    )
    areas = {
        tr[0].text_content().strip(): tr[1].text_content().strip()
        for tr in tree.xpath("//table[@id='map-table']//tr[th[@scope='row']]")
    }
    spots = [int(tr[1].text_content()) for tr in tree.xpath("//table[@id='hotspot-table']/tbody/tr")]
    assert areas["Centrum"] == "6"  # the figures are shown: the test reads them
    assert not (areas["Norr"].isdigit() and spots and 0 < int(areas["Norr"]) - sum(spots) < FLOOR), (
        areas,
        spots,
    )
    svg = client.get("/admin/situation/periodic/map.svg", query_string=query).get_data(as_text=True)
    titles = [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}title")]
    assert "Norr: 7 (incidents)" not in titles or not any(t.startswith("Hot spot") for t in titles), titles


def test_the_map_shows_no_area_figure_the_situation_page_hides(client):
    # Centrum 6, Norr 6, 4 without an area: the situation page hid "not stated" and Norr with it,
    # but the map guarded the stated areas alone and showed Centrum 6 and Norr 6; with the
    # page's n = 16, the 4 followed.
    people = [_person(text, area=area) for area in ("Centrum", "Norr") for text in list(SENTENCES)[:3] * 2]
    people += [_person("Trasiga gatlampor", area=None) for _ in range(4)]
    org, citizen = _build_round(people, 2)
    sign_in(client, make_user(db.session, org, Role.ANALYST))
    base = f"/admin/surveys/{citizen.slug}/situation"
    total = next(iter(_tables(client.get(base).get_data(as_text=True))[0].totals.values()))
    by_area = _tables(client.get(base, query_string={"by": "area"}).get_data(as_text=True))[0].totals
    svg = client.get(f"/admin/surveys/{citizen.slug}/map.svg").get_data(as_text=True)
    titles = [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}title")]
    on_map = {t.split(": ")[0]: t.split(": ")[1].split()[0] for t in titles if t.split(": ")[0] in AREAS}
    assert total == 16 and set(on_map) == {"Centrum", "Norr"}
    shown = [int(n) if n.isdigit() else by_area.get(area) for area, n in on_map.items()]
    assert None in shown or not _small(total - sum(shown)), (total, on_map, by_area)


def test_a_column_total_minus_its_one_shown_cell_is_not_a_small_group_when_answers_raise_two_areas(client):
    # Residents n = 11: drugs 7 shown; traffic 3 and lighting 2 hidden. One answer raises drugs
    # and traffic, so the hidden cells add up to 5 while 11 - 7 = 4 residents did not raise drugs.
    people = [_person("Knark säljs vid skolan")] * 6 + [
        _person("Knark säljs vid skolan och bilar kör för fort")
    ]
    people += [_person("Bilar kör för fort")] * 2 + [_person("Trasiga gatlampor")] * 2
    people += [Person("staff", "Centrum", None, "sv", "Trasiga gatlampor")] * 6
    org, citizen = _build_round(people, 2)
    sign_in(client, make_user(db.session, org, Role.ANALYST))
    page = client.get(f"/admin/surveys/{citizen.slug}/situation?by=group").get_data(as_text=True)
    table = _tables(page)[0]
    residents = next(c for c in table.totals if c in ("Invånare", "Residents"))
    cells = {theme: row[residents] for theme, row in table.rows.items()}
    assert table.totals[residents] in (11, None) and cells["Narkotika"].count in (7, None)
    shown = [c.count for c in cells.values() if c.count is not None]
    if table.totals[residents] is not None and len(shown) == 1:
        assert not _small(table.totals[residents] - shown[0]), (table.totals, cells)


def test_a_filtered_answer_list_leaves_out_no_small_group_of_its_cluster(client):
    # 12 residents, 9 in Centrum and 3 in Norr. The list filtered on Centrum said "9 of 12
    # answers match": 3 in Norr. Withheld, it said "0 of 12 match", which was untrue.
    people = [_person("Trasiga gatlampor", area="Centrum") for _ in range(9)]
    people += [_person("Trasiga gatlampor", area="Norr") for _ in range(3)]
    org, citizen = _build_round(people, 2)
    sign_in(client, make_user(db.session, org, Role.VIEWER))
    client.get("/sprak/en?next=/")
    tree = lxml_html.fromstring(client.get(f"/admin/surveys/{citizen.slug}/analysis").get_data(as_text=True))
    [link] = {a.get("href") for a in tree.xpath("//section//h3/a[contains(@href, '/analysis/clusters/')]")}
    counts = {}
    for area in ("", "Centrum", "Norr"):
        page = lxml_html.fromstring(client.get(link, query_string={"area": area}).get_data(as_text=True))
        text = " ".join(page.text_content().split())
        found = re.search(r"(\d+) of (\d+) answers match", text)
        counts[area] = int(found.group(1)) if found else None
        assert not (found and "are not listed" in text), text  # a withheld list claims no count
    assert counts[""] == 12
    assert counts["Centrum"] is None or not _small(counts[""] - counts["Centrum"]), counts


# ---------------------------------------------------------------------------------------------
# The guards themselves, read with the same checker as the pages: a table of guarded counts is
# what a page would print (formerly tests/surveys/test_disclosure_property.py).

counts = st.integers(min_value=0, max_value=30)


def _printed(count: Count) -> Cell:
    """A guarded count as a page prints it."""
    if count.hidden:
        return Cell("färre än 5" if count.small else "dold", hidden=True)
    return Cell(str(count.value), count=count.value)


def _check_line(where: str, total: int | None, parts: list[Count]) -> None:
    """A printed total and its printed parts: no small count, no small rest, no single hidden part."""
    shown_total = None if total is None or _small(total) else total  # a small total is hidden itself
    printed = [_printed(p) for p in parts]
    assert not any(_small(c.count) for c in printed), (where, printed)
    _check_parts(where, shown_total, printed)
    hidden = [c for c in printed if c.hidden]
    if shown_total is not None and len(hidden) == 1:
        # One hidden part would equal the total minus the rest, whatever its size.
        assert shown_total - sum(c.count or 0 for c in printed) == 0, (where, printed)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from("ABCDEFG"), counts, min_size=1, max_size=7))
def test_guard_parts(parts):
    guarded = guard_parts(parts, FLOOR)
    _check_line("guard_parts", sum(parts.values()), list(guarded.values()))
    for key, count in guarded.items():
        assert count.hidden or count.value == parts[key]
        assert not count.hidden or not count.small or 0 < parts[key] < FLOOR


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(counts, min_size=1, max_size=4), min_size=1, max_size=4).filter(
        lambda rows: len({len(r) for r in rows}) == 1
    )
)
def test_guard_table_and_relations_with_shown_margins(rows):
    cells = {(f"r{i}", f"c{j}"): n for i, row in enumerate(rows) for j, n in enumerate(row)}
    table = guard_table(cells, FLOOR)
    row_keys = sorted({k[0] for k in cells})
    col_keys = sorted({k[1] for k in cells})
    # guard_table cannot hide a margin, so a line with a single non-zero cell is only safe
    # under guard_relations (below), which the pages use.
    lines = [[(r, c) for c in col_keys] for r in row_keys] + [[(r, c) for r in row_keys] for c in col_keys]
    for line in lines:
        if sum(1 for k in line if cells[k]) >= 2 and all(
            sum(1 for k in other if cells[k]) >= 2 for other in lines if set(other) & set(line)
        ):
            _check_line("guard_table", sum(cells[k] for k in line), [table[k] for k in line])
    # The same table with its margins as figures that may themselves be hidden.
    values = dict(cells)
    values |= {("row", r): sum(cells[(r, c)] for c in col_keys) for r in row_keys}
    values |= {("col", c): sum(cells[(r, c)] for r in row_keys) for c in col_keys}
    values[("total",)] = sum(cells.values())
    relations = [(("row", r), [(r, c) for c in col_keys]) for r in row_keys]
    relations += [(("col", c), [(r, c) for r in row_keys]) for c in col_keys]
    relations += [(("total",), [("row", r) for r in row_keys]), (("total",), [("col", c) for c in col_keys])]
    guarded = guard_relations(values, relations, FLOOR)
    for total, parts in relations:
        _check_line("guard_relations", guarded[total].value, [guarded[p] for p in parts])
        if guarded[total].hidden and values[total] > 0:
            # A hidden total is not the sum of fully shown parts.
            assert any(guarded[p].hidden for p in parts if values[p] > 0) or not any(values[p] for p in parts)
    # What the attacker of the periodic pages works out from the shown figures, applied here.
    shown = {k: c.value for k, c in guarded.items() if c.value is not None}
    _attack(shown, relations, values)


def test_two_small_hidden_columns_do_not_add_up_to_a_small_group_under_the_rounds_n(client):
    # Centrum 2 and "not stated" 2 hidden, Norr 5 and Söder 5 shown, n = 14 without a breakdown:
    # the two hidden columns, as one more was hidden only where a single one was, held 4.
    people = [_person("Trasiga gatlampor", area=area) for area in ("Norr", "Söder") for _ in range(5)]
    people += [_person("Trasiga gatlampor", area=area) for area in ("Centrum", None) for _ in range(2)]
    org, citizen = _build_round(people, 3)
    sign_in(client, make_user(db.session, org, Role.ANALYST))
    base = f"/admin/surveys/{citizen.slug}/situation"
    total = next(iter(_tables(client.get(base).get_data(as_text=True))[0].totals.values()))
    columns = _tables(client.get(base, query_string={"by": "area"}).get_data(as_text=True))[0].totals
    assert total == 14
    parts = [Cell(str(n), count=n, hidden=n is None) for n in columns.values()]
    _check_parts("columns of the breakdown by area", total, parts)
