"""Import messages that stay English in the domain but can be translated by the web layer.

The domain must not import Flask, yet staff read import errors in their own language. A message
is built with `N_("msgid with %(name)s placeholders", name=value)`: the result is the English
text (a `str`, so the CLI, logs and tests see exactly what they saw before) that also remembers
its msgid and parameters. `N_` is a keyword of pybabel's extraction, so the msgid lands in the
catalog; the web layer looks it up with gettext when it shows the message.
"""

from __future__ import annotations

from collections.abc import Mapping


class Text(str):
    """English text of `msgid % params` that keeps `msgid` and `params` for translation."""

    msgid: str
    params: Mapping[str, object]

    def __new__(cls, msgid: str, params: Mapping[str, object]) -> Text:
        # Same rule as gettext with variables: only format when there is something to insert.
        text = super().__new__(cls, msgid % params if params else msgid)
        text.msgid = msgid
        text.params = dict(params)
        return text


def N_(msgid: str, **params: object) -> Text:  # noqa: N802 - the conventional gettext marker name
    """Mark `msgid` for extraction and return its English text with `params` filled in."""
    return Text(msgid, params)


def exception_text(exc: BaseException) -> str:
    """The message an exception was raised with, keeping a translatable `Text` as it is."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Text):
        return exc.args[0]
    return str(exc)


def to_data(text: str) -> object:
    """`text` as JSON data that `from_data` turns back into the same (translatable) text.

    A `Text` keeps its msgid and parameters (nested texts too); any other string stays a string.
    """
    if not isinstance(text, Text):
        return str(text)
    params = {name: to_data(v) if isinstance(v, str) else v for name, v in text.params.items()}
    return {"msgid": text.msgid, "params": params}


def from_data(data: object) -> str:
    """The text stored by `to_data`: a `Text` again when it had a msgid."""
    if isinstance(data, dict) and isinstance(data.get("msgid"), str):
        raw = data.get("params")
        params = raw if isinstance(raw, dict) else {}
        return Text(
            data["msgid"], {k: from_data(v) if isinstance(v, dict | str) else v for k, v in params.items()}
        )
    return str(data)
