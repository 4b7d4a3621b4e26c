"""The printable paper questionnaire: the survey in one language, with boxes to tick and space to write.

For residents who answer on paper (at a library, a meeting, a home visit); staff then type
the answers in on the paper-entry page, in the same order. The words around the questions
are the survey's resident texts (surveys/authoring/resident_texts.py), so a Finnish form is
Finnish throughout. It is a tagged PDF/UA-1 document like every PDF the product prints: the
boxes and writing space are drawn by the style sheet, so a screen reader reads the question,
its hint and its options, and nothing else.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from surveys.authoring.models import Question, QuestionType, Survey
from surveys.authoring.resident_texts import ResidentTexts, resident_texts
from surveys.database.base import localized
from surveys.places.points import known_areas
from surveys.reports.tagged_pdf import (
    INK,
    MUTED,
    NAVY,
    RULE,
    document_html,
    font_faces,
    page_label_css,
    render_pdf,
)

SCALE_POINTS = range(1, 6)
WRITING_LINES = {QuestionType.FREE_TEXT: 6, QuestionType.POINT: 3}


def paper_form_html(survey: Survey, language: str) -> str:
    """The questionnaire as an HTML document, ready for the PDF writer."""
    t = resident_texts(survey, language)
    body = [
        f"<h1>{escape(survey.title_in(language))}</h1>",
        f'<p class="intro">{escape(survey.intro_in(language))}</p>' if survey.intro_in(language) else "",
        f'<p class="privacy">{escape(t("privacy_reminder"))}</p>',
        f'<p class="explained">{escape(t("required_explained"))}</p>',
        '<ol class="questions">',
        *(_question(question, language, t) for question in survey.questions),
        "</ol>",
        f'<p class="return">{escape(t("paper_return"))}</p>',
        f'<p class="organisation">{escape(survey.organisation.name)}</p>',
    ]
    style = _style(footer=survey.title_in(language), page_label=t.raw("paper_page"))
    return document_html(language=language, title=survey.title_in(language), style=style, body=body)


def paper_form_pdf(survey: Survey, language: str) -> bytes:
    """The questionnaire as a tagged A4 PDF."""
    return render_pdf(paper_form_html(survey, language), author=survey.organisation.name)


def _question(question: Question, language: str, texts: ResidentTexts) -> str:
    qtype = question.question_type
    marker = texts("required") if question.required else texts("optional")
    parts = [
        f'<li class="question"><h2>{escape(question.text_in(language))} '
        f'<span class="marker">({escape(marker)})</span></h2>'
    ]
    if question.help_in(language) and (question.help or {}).get(language):
        parts.append(f'<p class="hint">{escape(question.help_in(language))}</p>')
    if qtype is QuestionType.SCALE:
        parts.append(f'<p class="how">{escape(texts("paper_tick_one"))}</p>')
        parts.append(_choices(_scale_labels(question, language), inline=True))
    elif qtype is QuestionType.POINT:
        parts.append(f'<p class="how">{escape(texts("paper_tick_one"))}</p>')
        parts.append(_choices(sorted(known_areas(question))))
        parts.append(f'<p class="part">{escape(texts("map_describe"))}</p>')
        parts.append(_writing_space(WRITING_LINES[qtype]))
    elif qtype.has_options:
        several = qtype is QuestionType.MULTIPLE_CHOICE
        how = texts("paper_tick_any" if several else "paper_tick_one")
        parts.append(f'<p class="how">{escape(how)}</p>')
        parts.append(_choices([option.label_in(language) for option in question.options]))
    else:
        parts.append(_writing_space(WRITING_LINES[QuestionType.FREE_TEXT]))
    parts.append("</li>")
    return Markup("".join(parts))


def _scale_labels(question: Question, language: str) -> list[str]:
    low = localized(question.scale_min_label, language)
    high = localized(question.scale_max_label, language)
    labels = []
    for value in SCALE_POINTS:
        if value == SCALE_POINTS[0] and low:
            labels.append(f"{value} – {low}")
        elif value == SCALE_POINTS[-1] and high:
            labels.append(f"{value} – {high}")
        else:
            labels.append(str(value))
    return labels


def _choices(labels: list[str], inline: bool = False) -> str:
    items = "".join(f"<li>{escape(label)}</li>" for label in labels)
    return f'<ul class="choices{" choices--inline" if inline else ""}">{items}</ul>'


def _writing_space(lines: int) -> str:
    # An empty, drawn area: nothing in it for a screen reader to read.
    return f'<div class="write" style="height: {lines * 9}mm"></div>'


def _style(*, footer: str, page_label: str) -> str:
    return (
        font_faces()
        + f"""
@page {{
  size: A4; margin: 18mm 18mm 20mm;
  @bottom-left {{ content: "{footer.replace('"', "'")}"; font: 8pt "DejaVu"; color: {MUTED}; }}
  @bottom-right {{ content: {page_label_css(page_label)}; font: 8pt "DejaVu"; color: {MUTED}; }}
}}
html {{ font: 11pt/1.45 "DejaVu", sans-serif; color: {INK}; }}
h1 {{ color: {NAVY}; font-size: 20pt; line-height: 1.25; margin: 0 0 4mm; }}
h2 {{ font-size: 11.5pt; margin: 0 0 1.5mm; line-height: 1.35; }}
.marker {{ font-weight: normal; color: {MUTED}; font-size: 9.5pt; }}
.intro, .privacy, .explained {{ margin: 0 0 3mm; }}
.privacy {{ border-left: 2.5pt solid {NAVY}; padding-left: 4mm; }}
.explained, .how, .hint, .part {{ color: {MUTED}; font-size: 9.5pt; margin: 0 0 1.5mm; }}
ol.questions {{ padding-left: 7mm; margin: 5mm 0 0; }}
li.question {{ margin: 0 0 6mm; break-inside: avoid; }}
li.question::marker {{ font-weight: bold; color: {NAVY}; }}
ul.choices {{ list-style: none; padding: 0; margin: 0 0 2mm; }}
ul.choices li {{ margin: 0 0 1.8mm; padding-left: 8mm; position: relative; }}
ul.choices li::before {{ content: ""; position: absolute; left: 0; top: 0.5mm; width: 4mm; height: 4mm;
  border: 0.35mm solid {INK}; }}
ul.choices--inline li {{ display: inline-block; margin-right: 6mm; }}
.write {{ border: 0.3mm solid {RULE}; margin: 0 0 2mm;
  background: repeating-linear-gradient(to bottom, transparent 0, transparent 8.6mm,
    {RULE} 8.6mm, {RULE} 9mm); }}
.return {{ font-weight: bold; margin: 6mm 0 2mm; }}
.organisation {{ color: {MUTED}; font-size: 9pt; }}
"""
    )
