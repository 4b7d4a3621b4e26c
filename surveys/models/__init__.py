"""Domain models; import from here so every table is registered on the metadata."""

from .account import Role, User
from .account_tokens import AccountToken, TokenPurpose
from .analysis_run import AnalysisRun, AnswerAnalysis, ClusterRecord
from .areas import CustomArea
from .audit import AuditEvent
from .base import Base, Translations
from .commitments import Activity, Commitment
from .enums import (
    Channel,
    OrganisationKind,
    QuestionType,
    RespondentGroup,
    RunStatus,
    SurveyKind,
    SurveyStatus,
)
from .incidents import Incident, IncidentType, PeriodAssessment, Severity
from .invitation import Invitation
from .organisation import Organisation, police_area_coverage
from .places import AreaShape
from .plans import (
    Plan,
    PlanComment,
    PlanKind,
    PlanSection,
    PlanStatus,
    PlanVersion,
    ResponsibleParty,
    plan_party,
)
from .response import Answer, Response, ResponseDraft
from .review import AnswerReview, ReviewAction, Topic
from .situation import IndicatorValue, PriorityItem, PriorityList
from .survey import FALLBACK_LANGUAGE, Option, Question, Survey, localized
from .working_groups import WorkingGroup, working_group_member

__all__ = [
    "AccountToken",
    "Activity",
    "Commitment",
    "Plan",
    "PlanComment",
    "PlanKind",
    "PlanSection",
    "PlanStatus",
    "PlanVersion",
    "ResponsibleParty",
    "plan_party",
    "AnalysisRun",
    "AreaShape",
    "Answer",
    "AnswerAnalysis",
    "AnswerReview",
    "AuditEvent",
    "Base",
    "Channel",
    "ClusterRecord",
    "CustomArea",
    "FALLBACK_LANGUAGE",
    "Incident",
    "IncidentType",
    "IndicatorValue",
    "PeriodAssessment",
    "Severity",
    "Invitation",
    "Option",
    "PriorityItem",
    "PriorityList",
    "Organisation",
    "OrganisationKind",
    "Question",
    "QuestionType",
    "RespondentGroup",
    "Response",
    "Role",
    "User",
    "ResponseDraft",
    "ReviewAction",
    "RunStatus",
    "Survey",
    "SurveyKind",
    "SurveyStatus",
    "TokenPurpose",
    "Topic",
    "Translations",
    "localized",
    "police_area_coverage",
    "WorkingGroup",
    "working_group_member",
]
