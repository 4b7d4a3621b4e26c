"""Survey page weight and outline save time with a 40 000-point GeoJSON (issue #19, finding 11).

    .venv/bin/python bench/maps.py            # 8 areas × 5 000 points, SQLite in a temp dir

Uploads the outline through the staff form (timed: parse, simplify, store), opens a survey
with an area and a point question as a resident and prints the page's size, the size of each
map resource it links (if any: before the change the maps were inlined) and whether a
repeated request with If-None-Match gets 304.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.extensions import db  # noqa: E402
from surveys.accounts.models import Role  # noqa: E402
from surveys.authoring.models import Question  # noqa: E402
from tests.app.helpers import csrf_from, sign_in  # noqa: E402
from tests.app.test_map_resource import large_outline  # noqa: E402
from tests.conftest import FreshContextClient, make_app  # noqa: E402
from tests.factories import make_org, make_single_page_survey, make_user  # noqa: E402


def main() -> None:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--areas", type=int, default=8)
    parser.add_argument("--points", type=int, default=5000, help="points per area outline")
    args = parser.parse_args()
    data = large_outline(args.areas, args.points)
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(Path(tmp))
        app.test_client_class = FreshContextClient
        with app.app_context():
            org = make_org(db.session, areas=[])
            user = make_user(db.session, org, Role.ADMIN)
            client = app.test_client()
            sign_in(client, user)
            token = csrf_from(client, "/admin/area-outlines")
            started = time.perf_counter()
            saved = client.post(
                "/admin/area-outlines",
                data={"csrf_token": token, "file": (io.BytesIO(data), "omraden.geojson")},
                content_type="multipart/form-data",
            )
            seconds = time.perf_counter() - started
            db.session.refresh(org)
            survey = make_single_page_survey(db.session, org)
            survey.questions.append(
                Question(key="place", type="point", position=3, page=1, text={"sv": "Var?"})
            )
            db.session.commit()
            resident = app.test_client()
            resident.get(f"/s/{survey.slug}")  # warm
            page = resident.get(f"/s/{survey.slug}")
            print(f"outline: {args.areas} areas × {args.points} points, {len(data) / 1024:.0f} KB GeoJSON")
            print(f"save: HTTP {saved.status_code} in {seconds:.2f} s (areas now {len(org.areas or [])})")
            print(f"survey page: {len(page.data) / 1024:.1f} KB")
            for url in re.findall(r'data-map-src="([^"]+)"', page.get_data(as_text=True)):
                url = url.replace("&amp;", "&")
                first = resident.get(url)
                again = resident.get(url, headers={"If-None-Match": first.headers.get("ETag", "")})
                print(
                    f"map {url.split('?')[0]}: {len(first.data) / 1024:.1f} KB, "
                    f"Cache-Control {first.headers.get('Cache-Control')!r}, repeat → {again.status_code}"
                )
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
