"""Feed URLs carry a secret: a logging filter that writes « … » in its place, wired in
settings.LOGGING for django.request and django.server (whatever logs a request line or a path)."""

import logging
import re

# /agenda/flux/<key>/...: the key is whatever sits between "flux/" and the next slash.
FEED_KEY_IN_PATH = re.compile(r"(/flux/)[^/\s\"'?]+")
REDACTED = r"\1…"


def redact(text: str) -> str:
    return FEED_KEY_IN_PATH.sub(REDACTED, text) if "/flux/" in text else text


class RedactFeedTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: leave it to the handler
            return True
        if "/flux/" in message:
            record.msg, record.args = redact(message), ()
        request = getattr(record, "request", None)
        if request is not None and "/flux/" in getattr(request, "path", ""):
            # Handlers that print the request (AdminEmailHandler) read it from the record.
            record.request = None
        return True
