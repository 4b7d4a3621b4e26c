"""Access to the package data files shipped under ``analysis/data``."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def read_text(name: str) -> str:
    """Read a data file as UTF-8 text.

    Args:
        name: file name inside ``analysis/data``.

    Returns:
        The file contents.
    """
    return resources.files("analysis").joinpath("data").joinpath(name).read_text(encoding="utf-8")


def read_json(name: str) -> Any:
    """Read and parse a JSON data file.

    Args:
        name: file name inside ``analysis/data``.

    Returns:
        The parsed JSON value.
    """
    return json.loads(read_text(name))


def read_lines(name: str) -> list[str]:
    """Read a line-based data file, skipping blank lines and ``#`` comments.

    Args:
        name: file name inside ``analysis/data``.

    Returns:
        The stripped, non-empty lines.
    """
    lines = (line.strip() for line in read_text(name).splitlines())
    return [line for line in lines if line and not line.startswith("#")]
