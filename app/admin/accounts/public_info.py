"""The organisation's details in the privacy notice and accessibility statement."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin.accounts import bp
from app.admin.accounts.forms import PublicInfoForm
from app.auth import roles_required
from app.extensions import db
from surveys.accounts.models import Role
from surveys.organisations.public_info import FIELDS, public_info, update_public_info


@bp.route("/organisation/public-info", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def public_info_edit() -> Any:
    """Controller, contacts and legal basis shown to residents."""
    organisation = current_user.organisation
    current = public_info(organisation)
    form = PublicInfoForm(data={name: getattr(current, name) for name in FIELDS})
    if request.method == "POST" and form.validate_on_submit():
        update_public_info(db.session, organisation, {name: form[name].data or "" for name in FIELDS})
        flash(_("The details have been saved."), "success")
        return redirect(url_for("admin.accounts.public_info_edit"))
    return render_template("admin/public_info.html", form=form), 422 if form.errors else 200
