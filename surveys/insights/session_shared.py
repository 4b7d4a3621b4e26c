"""Figures read once per database session and shared until the session writes.

One staff page asks for the same round, the same previous round and the same scale answers
from several of its parts (the situation page: breakdowns, priorities, report figures, the
round comparison, the map). Each such read is every answer of a round, so it is kept in
the session's `info` and handed out again, until the session flushes, commits, rolls back
or executes any statement other than a SELECT; then it is read afresh. A session holding
changes it has not yet written gets no shared figures at all.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

T = TypeVar("T")
_KEY = "trygg.insights.shared"  # session.info key: (kind, ...) → what was read


def shared(session: Session, key: Hashable, read: Callable[[], T]) -> T:
    """What `read()` returns, read once in this session while it writes nothing."""
    if session.new or session.dirty or session.deleted:
        session.info.pop(_KEY, None)
        return read()
    found: dict[Hashable, Any] = session.info.setdefault(_KEY, {})
    if key not in found:
        value = read()
        # The read itself may have flushed (autoflush) and so emptied the store: store afresh.
        session.info.setdefault(_KEY, {})[key] = value
        return value
    return found[key]


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_KEY, None)


def _forget_after_writes(state: ORMExecuteState) -> None:
    if not state.is_select:
        _forget(state.session)


for _name in ("after_flush", "after_commit", "after_rollback", "after_soft_rollback"):
    event.listen(Session, _name, _forget)
event.listen(Session, "do_orm_execute", _forget_after_writes)
