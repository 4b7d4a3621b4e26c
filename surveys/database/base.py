"""Declarative base shared by all domain models.

A naming convention keeps constraint names identical on SQLite and PostgreSQL,
so one Alembic history serves both.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, Dialect, Enum, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Translatable texts are stored as {"sv": "...", "en": "..."}: any number of
# languages per survey without a join per string.
Translations = dict[str, str]


class Base(DeclarativeBase):
    """Base class for every Trygg Dialog table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {
        Translations: JSON,
        dict[str, Any]: JSON,
        list[str]: JSON,
        list[str] | None: JSON,
    }


def enum_column(enum: type[StrEnum], length: int) -> Enum:
    """A column type that stores a member of `enum` as its value in a VARCHAR(`length`).

    The DDL stays that of `String(length)`: no native enum type and no CHECK constraint, so a
    new member needs no migration. Reading gives the member back; writing a member or its
    value works, and anything else is refused before it reaches the database.
    """
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


FALLBACK_LANGUAGE = "sv"


def localized(texts: Translations | None, language: str) -> str:
    """Return the text in `language`, falling back to Swedish, then any text."""
    return localized_with_language(texts, language)[0]


def localized_with_language(texts: Translations | None, language: str) -> tuple[str, str]:
    """The text `localized` picks and the language it is written in ("" when there is none).

    A page in English that falls back to the Swedish text must say so (`lang="sv"`).
    """
    if not texts:
        return "", ""
    for code in (language, FALLBACK_LANGUAGE):
        if texts.get(code):
            return texts[code], code
    return next(((value, code) for code, value in texts.items() if value), ("", ""))


def utcnow() -> dt.datetime:
    """The current time in UTC as a naive datetime, as the `DateTime` timestamp columns store it."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class UtcInstant(TypeDecorator[dt.datetime]):
    """A moment in time, stored as naive UTC and read back aware (tzinfo=UTC).

    The DDL is plain DateTime, alike on SQLite and PostgreSQL, so a column can move to this type
    without a schema change. Writing a datetime without a zone is refused: it could be local
    wall-clock time or UTC, and guessing is how an incident ends up an hour (or a day) off.
    Convert local input with `surveys.localtime.from_local` first.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"an instant needs a time zone, got {value.isoformat()} without one")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)
