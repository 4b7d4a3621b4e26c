"""The continuous situation picture: incidents reported between surveys, and periodic summaries."""

from .importing import import_incidents
from .periodic import PeriodicPicture, build_picture, load_assessment, save_assessment
from .reporting import (
    IncidentInvalid,
    list_incidents,
    report_incident,
    reporting_organisations,
    visible_organisations,
)

__all__ = [
    "IncidentInvalid",
    "PeriodicPicture",
    "build_picture",
    "import_incidents",
    "list_incidents",
    "load_assessment",
    "report_incident",
    "reporting_organisations",
    "save_assessment",
    "visible_organisations",
]
