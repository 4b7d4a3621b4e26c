"""Sending an e-mail when SMTP is configured (MAIL_SERVER etc.); never required.

Without MAIL_SERVER nothing is sent and callers show the link on screen instead.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger(__name__)


def mail_configured() -> bool:
    """Whether an SMTP server has been configured."""
    return bool(current_app.config.get("MAIL_SERVER"))


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send a plain-text message; False when SMTP is not configured or sending failed."""
    config = current_app.config
    if not mail_configured():
        return False
    message = EmailMessage()
    message["From"] = config.get("MAIL_DEFAULT_SENDER") or f"no-reply@{config['MAIL_SERVER']}"
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25), timeout=15) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        # The message holds a one-time link: log that sending failed, never the message.
        log.warning("sending mail failed: %s", type(exc).__name__)
        return False
    return True
