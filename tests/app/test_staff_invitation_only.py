"""Staff dialogues are invitation-only: not listed publicly, answered only through single-use links."""

from __future__ import annotations

from lxml import html as lxml_html

from app.extensions import db
from surveys.distribution.invitations import create_invitations
from tests.factories import make_org, make_survey


def _links(page: str) -> set[str]:
    return {a.get("href") for a in lxml_html.fromstring(page).iter("a")}


def test_staff_dialogue_is_not_listed_nor_answerable_without_an_invitation(client):
    org = make_org(db.session)
    citizen = make_survey(db.session, org)
    staff = make_survey(db.session, org, template="staff_dialogue", series="personal")
    home = client.get("/").get_data(as_text=True)
    assert f"/s/{citizen.slug}" in _links(home)
    assert f"/s/{staff.slug}" not in _links(home)
    assert client.get(f"/s/{staff.slug}").status_code == 403
    assert client.post(f"/s/{staff.slug}", data={"page": "1"}).status_code == 403
    (token,) = create_invitations(db.session, staff, 1)
    opened = client.get(f"/i/{token}", follow_redirects=True)
    assert opened.status_code == 200
    assert "by invitation" not in opened.get_data(as_text=True)


def test_an_official_can_open_a_staff_dialogue_to_everyone_and_then_it_is_not_counted_as_staff(client):
    from surveys.accounts.models import Role
    from surveys.answering.submission import Channel, default_group
    from tests.app.helpers import csrf_from, sign_in
    from tests.factories import make_user

    org = make_org(db.session)
    staff = make_survey(db.session, org, template="staff_dialogue", series="personal")
    sign_in(client, make_user(db.session, org, Role.ANALYST))
    edit = f"/admin/surveys/{staff.slug}/edit"
    form = lxml_html.fromstring(client.get(edit).get_data(as_text=True))
    box = form.get_element_by_id("open_to_everyone")
    assert box.get("type") == "checkbox" and box.get("checked") is None  # invitation-only by default
    fields = {
        "csrf_token": csrf_from(client, edit),
        "languages_field": ", ".join(staff.languages),
        **{f"title_{code}": staff.title.get(code, "") for code in staff.languages},
        "open_to_everyone": "y",
    }
    assert client.post(edit, data=fields).status_code == 302
    db.session.refresh(staff)
    assert staff.open_to_everyone
    client.post("/admin/logout", data={"csrf_token": csrf_from(client, "/admin/")})
    assert f"/s/{staff.slug}" in _links(client.get("/").get_data(as_text=True))
    assert client.get(f"/s/{staff.slug}").status_code == 200
    # Anyone may answer the open link: not counted as staff. Staff links still are.
    assert default_group(staff, Channel.WEB).value == "resident"
    assert default_group(staff, Channel.INVITATION).value == "staff"
    assert default_group(staff, Channel.PAPER).value == "staff"
