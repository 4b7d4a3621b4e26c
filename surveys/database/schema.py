"""Every table of the domain, imported once so the metadata is complete.

Import this module (not the features' models one by one) where the whole schema must be
known: migrations, `create_all` in tests, and the application factory.
"""

from surveys.accounts import invitation_models as _account_invitations  # noqa: F401
from surveys.accounts import link_models as _account_links  # noqa: F401
from surveys.accounts import models as _accounts  # noqa: F401
from surveys.answering import models as _answering  # noqa: F401
from surveys.audit import models as _audit  # noqa: F401
from surveys.authoring import models as _authoring  # noqa: F401
from surveys.database.base import Base
from surveys.distribution import invitation_models as _invitations  # noqa: F401
from surveys.incidents import models as _incidents  # noqa: F401
from surveys.insights import models as _insights  # noqa: F401
from surveys.organisations import models as _organisations  # noqa: F401
from surveys.organisations import problem_area_models as _problem_areas  # noqa: F401
from surveys.places import models as _places  # noqa: F401
from surveys.plans import commitment_models as _commitments  # noqa: F401
from surveys.plans import models as _plans  # noqa: F401
from surveys.plans import working_group_models as _working_groups  # noqa: F401
from surveys.reports import document_models as _report_documents  # noqa: F401
from surveys.review import models as _review  # noqa: F401
from surveys.review import run_models as _runs  # noqa: F401
from surveys.transfer import upload_models as _uploads  # noqa: F401

metadata = Base.metadata

__all__ = ["Base", "metadata"]
