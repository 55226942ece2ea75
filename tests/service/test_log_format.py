"""The service's log: text lines or JSON objects, each with the request id; levels are uvicorn's."""

from __future__ import annotations

import io
import json
import logging
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from service.__main__ import main
from service.config import ServiceSettings
from service.log_format import JsonFormatter, configure_logging
from tests.servers import start_service


@pytest.fixture
def root_logger() -> Iterator[logging.Logger]:
    """The root logger, its handlers and level put back afterwards (pytest's capture among them)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield root
    for handler in root.handlers[:]:
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(False)


def record(name: str, message: str, args: tuple[object, ...] = (), exc_info: object = None) -> logging.LogRecord:
    made = logging.LogRecord(name, logging.INFO, __file__, 1, message, args, exc_info)  # type: ignore[arg-type]
    made.request_id = "req-1"
    return made


def test_a_json_line_has_time_level_logger_id_and_message() -> None:
    entry = json.loads(JsonFormatter().format(record("service.state", "serving bundle %s", ("abc",))))
    assert entry["level"] == "INFO" and entry["logger"] == "service.state"
    assert entry["request_id"] == "req-1" and entry["message"] == "serving bundle abc"
    assert entry["time"].endswith("+00:00") and "T" in entry["time"]


def test_a_json_access_line_has_its_parts_as_fields() -> None:
    access = record("uvicorn.access", '%s - "%s %s HTTP/%s" %d', ("127.0.0.1:5000", "POST", "/embed?x=1", "1.1", 413))
    entry = json.loads(JsonFormatter().format(access))
    assert entry["message"] == '127.0.0.1:5000 - "POST /embed?x=1 HTTP/1.1" 413'
    assert (entry["client"], entry["method"], entry["path"], entry["http_version"], entry["status"]) == (
        "127.0.0.1:5000",
        "POST",
        "/embed?x=1",
        "1.1",
        413,
    )


def test_a_json_line_keeps_the_traceback_in_one_field() -> None:
    try:
        raise RuntimeError("the model thread died")
    except RuntimeError:
        failed = record("service.errors", "unhandled error on %s %s", ("POST", "/embed"), sys.exc_info())
    line = JsonFormatter().format(failed)
    assert "\n" not in line  # one object per line, whatever the traceback
    entry = json.loads(line)
    assert entry["exception"].startswith("Traceback") and "RuntimeError: the model thread died" in entry["exception"]


def test_a_json_line_survives_a_call_whose_arguments_do_not_fit() -> None:
    broken = record("service.test", "%d images", ("many",))
    broken.stack_info = "Stack (most recent call last):\n  File x"
    entry = json.loads(JsonFormatter().format(broken))
    assert entry["message"] == "%d images (arguments that do not fit the format: ('many',))"
    assert entry["stack"].startswith("Stack (most recent call last)")


def test_python_warnings_come_out_as_json_lines_too(root_logger: logging.Logger) -> None:
    stream = io.StringIO()
    configure_logging("info", "json", stream)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("old bundle format", DeprecationWarning, stacklevel=1)
    (line,) = stream.getvalue().splitlines()
    entry = json.loads(line)
    assert entry["logger"] == "py.warnings" and "DeprecationWarning: old bundle format" in entry["message"]


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_the_handler_stamps_the_id_outside_requests_too(root_logger: logging.Logger, log_format: str) -> None:
    stream = io.StringIO()
    configure_logging("info", log_format, stream)  # type: ignore[arg-type]
    assert len(root_logger.handlers) == 1  # replaced, not added to
    logging.getLogger("service.test").info("loaded %d images", 3)
    logging.getLogger("service.test").debug("below the level")
    (line,) = stream.getvalue().splitlines()
    if log_format == "json":
        entry = json.loads(line)
        assert (entry["request_id"], entry["message"], entry["level"]) == ("-", "loaded 3 images", "INFO")
    else:
        assert line.endswith(" INFO service.test [-]: loaded 3 images")


def test_trace_is_a_level_below_debug(root_logger: logging.Logger) -> None:
    stream = io.StringIO()
    configure_logging("trace", "text", stream)
    logging.getLogger("uvicorn.asgi").log(5, "ASGI message")
    assert " TRACE uvicorn.asgi [-]: ASGI message" in stream.getvalue()


def test_levels_and_formats_in_any_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = ServiceSettings(bundle=tmp_path, log_level=" Warning ", log_format="JSON")  # type: ignore[arg-type]
    assert (settings.log_level, settings.log_format) == ("warning", "json")
    empty = ServiceSettings(bundle=tmp_path, log_level="", log_format="")  # type: ignore[arg-type]
    assert (empty.log_level, empty.log_format) == ("info", "text")  # compose passes unset variables empty
    assert main(["--bundle", str(tmp_path), "--log-level", "loud"]) == 2  # refused before anything starts
    assert "log_level: Input should be 'critical', 'error', 'warning', 'info', 'debug' or 'trace'" in (
        capsys.readouterr().err
    )
    assert main(["--bundle", str(tmp_path), "--log-format", "xml"]) == 2
    assert "log_format: Input should be 'text' or 'json'" in capsys.readouterr().err


def test_the_real_service_logs_json_lines(tiny_bundle_dir: Path, tmp_path: Path) -> None:
    log = tmp_path / "service.log"
    service = start_service(tiny_bundle_dir, log, log_level="info", log_format="json")
    try:
        service.wait_ready()
        with httpx.Client(base_url=service.url, timeout=30) as http:
            assert http.get("/info", headers={"X-Request-ID": "json-line-1"}).status_code == 200
    finally:
        service.stop()
    entries = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]  # every line is JSON
    (access,) = [entry for entry in entries if entry.get("request_id") == "json-line-1"]
    assert (access["logger"], access["method"], access["path"], access["status"]) == (
        "uvicorn.access",
        "GET",
        "/info",
        200,
    )
    assert any(entry["logger"] == "service.state" and "serving bundle" in entry["message"] for entry in entries)
