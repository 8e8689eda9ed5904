"""Keep Slack tokens, signing secrets and request bodies out of every log line."""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"\b(xox[abposr]|xapp)-[A-Za-z0-9-]+")


class RedactTokens(logging.Filter):
    """Replace anything shaped like a Slack token with ``xoxb-***`` in the formatted message."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = _TOKEN.sub(lambda m: m.group(1) + "-***", message)
        for secret in self.secrets:
            clean = clean.replace(secret, "***")
        if clean != message:
            record.msg, record.args = clean, None
        return True


def redact_tokens(*secrets: str) -> None:
    """Install the filter on every root handler (records of all loggers pass through them)."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig()
    for handler in root.handlers:
        if not any(isinstance(f, RedactTokens) for f in handler.filters):
            handler.addFilter(RedactTokens(secrets))


_BODY = re.compile(r",? body: .*\)\s*$", re.DOTALL)
BOLT_SIGNATURE_LOGGER = "slack_bolt.RequestVerification"


class HideRequestBodies(logging.Filter):
    """Bolt's signature check logs an invalid request's whole body at INFO: keep the line, drop the body.

    A forged request can be as large as the server accepts, and a genuine one that failed the check (a
    clock off by minutes) carries a city's answers.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "body:" in message:
            record.msg, record.args = _BODY.sub("; the body is not logged)", message), None
        return True


def hide_request_bodies() -> None:
    """Install ``HideRequestBodies`` on the logger of Bolt's signature check (once)."""
    logger = logging.getLogger(BOLT_SIGNATURE_LOGGER)
    if not any(isinstance(f, HideRequestBodies) for f in logger.filters):
        logger.addFilter(HideRequestBodies())
