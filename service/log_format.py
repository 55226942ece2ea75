"""How ``python -m service`` writes its log: one handler on stderr, as text lines or JSON objects.

Every line carries the request id (``RequestIdLogFilter``; ``-`` for lines about no request),
and uvicorn's own lines, its access line included, go through the same handler. ``json`` writes
one object per line for log collectors (Loki, Elasticsearch, Cloud Logging); an access line's
object also has the client, method, path (with its query string), HTTP version and status as
fields of their own. Python warnings are logged too, so they come out in the same format.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Literal

from uvicorn.logging import TRACE_LOG_LEVEL

from service.request_id import RequestIdLogFilter

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"
LogFormat = Literal["text", "json"]

# uvicorn's access line: logger.info('%s - "%s %s HTTP/%s" %d', client, method, path, version, status).
_ACCESS_FIELDS = ("client", "method", "path", "http_version", "status")


class JsonFormatter(logging.Formatter):
    """A record as one JSON object: time (UTC, ISO 8601), level, logger, request_id, message[, exception, stack]."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": _message(record),
        }
        if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) == 5:
            entry.update(zip(_ACCESS_FIELDS, record.args, strict=True))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def _message(record: logging.LogRecord) -> str:
    """The formatted message; a call whose arguments do not fit its format still gives one JSON line."""
    try:
        return record.getMessage()
    except (TypeError, ValueError, KeyError):
        return f"{record.msg} (arguments that do not fit the format: {record.args!r})"


def configure_logging(level: str, log_format: LogFormat, stream: object = None) -> logging.Handler:
    """Replace the root logger's handlers with one on ``stream`` (stderr); returns it."""
    logging.addLevelName(TRACE_LOG_LEVEL, "TRACE")  # uvicorn's level below DEBUG
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(RequestIdLogFilter())
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    logging.captureWarnings(True)  # Python warnings become records too: one format, one stream
    return handler
