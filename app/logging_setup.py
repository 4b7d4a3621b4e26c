"""Logging that never writes residents' IP addresses.

The development server logs each request with the client's address; residents
answer anonymously, so addresses are masked before any handler sees them.
(Production runs gunicorn with its access log off; see docs/deploy.md.)
"""

from __future__ import annotations

import logging
import re

from flask import Flask

IP_PATTERN = re.compile(
    r"\b(?:\d{1,3}\.){3}\d{1,3}\b"  # IPv4
    r"|\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{0,4}\b"  # IPv6 (full or compressed forms)
)
MASK = "[ip]"
# One-time links (set a password, staff survey invitations) carry their secret in the path.
TOKEN_PATTERN = re.compile(r"(/(?:set-password|i)/)[A-Za-z0-9_\-]{8,}")


def _mask(match: re.Match[str]) -> str:
    # Loopback is the developer's own machine (the server's start-up banner), never a resident.
    return match.group(0) if match.group(0).startswith("127.") else MASK


class MaskAddresses(logging.Filter):
    """Replace IP addresses and one-time tokens in a record's message with fixed masks."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = TOKEN_PATTERN.sub(r"\1[token]", IP_PATTERN.sub(MASK, message))
        if masked != message:
            record.msg, record.args = masked, None
        return True


def init_app(app: Flask) -> None:
    """Mask addresses in the request logs of the development server."""
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, MaskAddresses) for f in logger.filters):
        logger.addFilter(MaskAddresses())
