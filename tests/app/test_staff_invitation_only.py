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
