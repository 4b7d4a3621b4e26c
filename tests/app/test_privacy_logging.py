"""Residents' addresses never reach the logs or the database."""

from __future__ import annotations

import logging

from sqlalchemy import inspect, text

from app.extensions import db
from app.logging_setup import MaskAddresses
from tests.app.helpers import hidden_value
from tests.factories import make_single_page_survey


def test_address_is_masked_in_request_logs():
    record = logging.LogRecord(
        "werkzeug", logging.INFO, __file__, 1, '%s - - "POST /s/x HTTP/1.1" 302 -', ("203.0.113.77",), None
    )
    MaskAddresses().filter(record)
    assert "203.0.113.77" not in record.getMessage() and "[ip]" in record.getMessage()
    v6 = logging.LogRecord(
        "werkzeug", logging.INFO, __file__, 1, "2001:db8:85a3::8a2e:370:7334 GET /", None, None
    )
    MaskAddresses().filter(v6)
    assert "2001:db8" not in v6.getMessage()


def test_submitted_response_leaves_no_trace_of_the_address(client, caplog):
    address, agent = "198.51.100.23", "TestBrowser/9.9 (Unique device 4711)"
    survey = make_single_page_survey(db.session)
    url = f"/s/{survey.slug}"
    env = {"REMOTE_ADDR": address, "HTTP_USER_AGENT": agent, "HTTP_REFERER": "https://example.org/from-here"}
    html = client.get(url, environ_overrides=env).get_data(as_text=True)
    form = {
        "csrf_token": hidden_value(html, "csrf_token"),
        "submission_token": hidden_value(html, "submission_token"),
        "page": "1",
        f"q_{survey.questions[0].id}": "Klotter",
    }
    with caplog.at_level(logging.DEBUG):
        assert client.post(url, data=form, environ_overrides=env).status_code == 302
    assert address not in caplog.text and "Unique device 4711" not in caplog.text
    with db.engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                dump = " ".join(str(v) for v in row)
                assert (
                    address not in dump
                    and "Unique device" not in dump
                    and "example.org/from-here" not in dump
                )
