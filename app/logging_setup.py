"""Logging that never writes residents' IP addresses.

The development server logs each request with the client's address; residents
answer anonymously, so addresses are masked before any handler sees them.
(Production runs gunicorn with its access log off; see docs/deploy.md.)
"""

from __future__ import annotations

import ipaddress
import logging
import re

from flask import Flask

IP_PATTERN = re.compile(
    r"\b(?:\d{1,3}\.){3}\d{1,3}\b"  # IPv4
    # IPv6 candidates in any form ("2001:db8::1", "::1", "::ffff:192.0.2.1"); kept only if
    # they parse as an address, so times like 23:12:01 stay as they are.
    r"|(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}(?:%\w+)?(?![\w:])"
)
MASK = "[ip]"


def _mask_ip(match: re.Match[str]) -> str:
    text = match.group(0)
    if ":" not in text:
        return MASK
    try:
        ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return text
    return MASK


# One-time links (set a password, staff survey invitations) carry their secret in the path.
TOKEN_PATTERN = re.compile(r"(/(?:set-password|i)/)[A-Za-z0-9_\-]{8,}")


def _mask(match: re.Match[str]) -> str:
    # Loopback is the developer's own machine (the server's start-up banner), never a resident.
    return match.group(0) if match.group(0).startswith("127.") else MASK


class MaskAddresses(logging.Filter):
    """Replace IP addresses and one-time tokens in a record's message with fixed masks."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = TOKEN_PATTERN.sub(r"\1[token]", IP_PATTERN.sub(_mask_ip, message))
        if masked != message:
            record.msg, record.args = masked, None
        return True


def init_app(app: Flask) -> None:
    """Mask addresses in the request logs of the development server."""
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, MaskAddresses) for f in logger.filters):
        logger.addFilter(MaskAddresses())
