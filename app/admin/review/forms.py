"""Forms of the review pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional


class AnalyseForm(FlaskForm):
    """Start an analysis run, optionally with a fixed number of clusters."""

    k = IntegerField(
        _l("Number of clusters (leave empty to choose automatically)"),
        validators=[Optional(), NumberRange(min=2, max=200)],
    )
    seed = IntegerField(_l("Seed"), default=0, validators=[Optional(), NumberRange(min=0, max=2**31 - 1)])
