"""Hostile or broken *requests* (as opposed to files): wrong fields, bodies, types, shapes and sizes.

Each says which status the service must answer and a fragment its ``detail`` must contain: the
fragment names the input (field, file or latent index) and the reason.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from typing import Any

from tests.conftest import png_bytes

BOUNDARY = "hostile-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
JSON = {"Content-Type": "application/json"}


@dataclass(frozen=True)
class HostileRequest:
    name: str
    path: str
    status: int
    detail: str  # must appear in the response's detail
    kwargs: dict[str, Any] = field(default_factory=dict)  # for TestClient.post


def _multipart(*parts: tuple[str, str | None, bytes]) -> bytes:
    """A hand-written multipart body: (field name, file name or None, content) per part."""
    body = b""
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
        body += f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + content + b"\r\n"
    return body + f"--{BOUNDARY}--\r\n".encode()


def _latents(rows: str) -> dict[str, Any]:
    return {"content": ('{"latents": ' + rows + "}").encode(), "headers": JSON}


def hostile_requests(latent_dim: int, max_files: int, max_request_bytes: int, max_latents: int) -> list[HostileRequest]:
    """Every hostile request, for a service with these limits serving a bundle of ``latent_dim``."""
    png = png_bytes(size=(8, 8))
    zeros = ", ".join(["0"] * (latent_dim - 1))

    def row(first: str) -> str:
        return f"[[{first}, {zeros}]]"

    return [
        # Multipart: fields, parts, framing
        HostileRequest(
            "wrong-field-name", "/embed", 422, "no file parts named 'files' (got fields ['file'])",
            {"files": [("file", ("a.png", png, "image/png"))]},
        ),
        HostileRequest(
            "no-parts", "/embed", 422, "no file parts named 'files'",
            {"content": f"--{BOUNDARY}--\r\n".encode(), "headers": {"Content-Type": MULTIPART}},
        ),
        HostileRequest(
            "files-as-text-field", "/cluster", 422, "file 'hello' (index 0): is a text field, not a file upload",
            {"content": _multipart(("files", None, b"hello")), "headers": {"Content-Type": MULTIPART}},
        ),
        HostileRequest(
            "too-many-files", "/embed", 413, f"Maximum number of files is {max_files}",
            {"files": [("files", (f"{i}.png", png, "image/png")) for i in range(max_files + 1)]},
        ),
        HostileRequest(
            "missing-boundary", "/embed", 400, "malformed multipart body: Missing boundary",
            {"content": b"whatever", "headers": {"Content-Type": "multipart/form-data"}},
        ),
        HostileRequest(
            "broken-framing", "/project", 400, "malformed multipart body: Invalid multipart data",
            {"content": b"--wrong\r\n\r\nxx", "headers": {"Content-Type": MULTIPART}},
        ),
        HostileRequest(
            "filename-over-4kb", "/embed", 400, "headers (including the filename) are under 4 KB",
            {"content": _multipart(("files", "a" * 10_000 + ".png", png)), "headers": {"Content-Type": MULTIPART}},
        ),
        # Size
        HostileRequest(
            "body-over-limit", "/cluster", 413, f"over the {max_request_bytes:,}-byte limit",
            {"content": b'{"latents": [[0]]}' + b" " * max_request_bytes, "headers": JSON},
        ),
        HostileRequest(
            "too-many-latents", "/cluster", 413, f"{max_latents + 1} latents, over the limit of {max_latents}",
            _latents(json.dumps([[0.0] * latent_dim] * (max_latents + 1))),
        ),
        # Content types
        HostileRequest(
            "text-plain", "/cluster", 415, "unsupported Content-Type 'text/plain'",
            {"content": b"0.1 0.2", "headers": {"Content-Type": "text/plain"}},
        ),
        HostileRequest(
            "no-content-type", "/project", 415, "unsupported Content-Type 'no Content-Type'", {"content": b"{}"}
        ),
        HostileRequest(
            "raw-png-body", "/embed", 415, "unsupported Content-Type 'image/png'",
            {"content": png, "headers": {"Content-Type": "image/png"}},
        ),
        HostileRequest(
            "gzipped-json", "/cluster", 415, "unsupported Content-Encoding 'gzip'; send the body uncompressed",
            {"content": gzip.compress(b'{"latents": [[0]]}'), "headers": {**JSON, "Content-Encoding": "gzip"}},
        ),
        HostileRequest(
            "gzipped-multipart", "/embed", 415, "unsupported Content-Encoding 'gzip'",
            {"content": gzip.compress(_multipart(("files", "a.png", png))), "headers": {
                "Content-Type": MULTIPART, "Content-Encoding": "gzip"}},
        ),
        HostileRequest(
            "json-to-embed", "/embed", 415, "unsupported Content-Type 'application/json'",
            {"json": {"latents": [[0.0] * latent_dim]}},
        ),
        # JSON shapes and values
        HostileRequest(
            "not-json", "/cluster", 400, "body is not valid JSON", {"content": b"latents=1", "headers": JSON}
        ),
        HostileRequest(
            "not-utf8", "/cluster", 400, "body is not valid JSON", {"content": b"\xff\xfe\xfa{", "headers": JSON}
        ),
        HostileRequest(
            "deeply-nested", "/cluster", 400, "JSON body is nested too deeply",
            {"content": b"[" * 200_000 + b"]" * 200_000, "headers": JSON},
        ),
        HostileRequest(
            "array-body", "/project", 422, 'expected a JSON object {"latents"',
            {"content": b"[[0.1, 0.2]]", "headers": JSON},
        ),
        HostileRequest(
            "unknown-key", "/cluster", 422, "unknown keys ['script']",
            {"content": b'{"latents": [[0]], "script": "<x>"}', "headers": JSON},
        ),
        HostileRequest("latents-string", "/cluster", 422, "'latents' must be a non-empty list", _latents('"1,2"')),
        HostileRequest("empty-latents", "/project", 422, "'latents' must be a non-empty list", _latents("[]")),
        HostileRequest("flat-latents", "/cluster", 422, "latent 0: must be a list of", _latents("[0.1, 0.2]")),
        HostileRequest("empty-row", "/cluster", 422, "latent 0: has length 0", _latents("[[]]")),
        HostileRequest(
            "wrong-length", "/project", 422, f"latent 1: has length 3, the bundle's latent_dim is {latent_dim}",
            _latents(f"[[0, {zeros}], [1, 2, 3]]"),
        ),
        HostileRequest("strings", "/cluster", 422, "latent 0: element 0 is str, not a number", _latents(row('"1"'))),
        HostileRequest("nan", "/cluster", 422, "latent 0: element 0 is nan, not a finite", _latents(row("NaN"))),
        HostileRequest(
            "infinity", "/project", 422, "latent 0: element 0 is inf, not a finite", _latents(row("Infinity"))
        ),
        HostileRequest(
            "huge-integer", "/cluster", 422, "latent 0: element 0 is an integer too large", _latents(row("9" * 400))
        ),
        HostileRequest(  # past Python's 4,300-digit int limit: still this latent's problem, not "invalid JSON"
            "huger-integer", "/cluster", 422, "latent 0: element 0 is an integer too large", _latents(row("9" * 5000))
        ),
        HostileRequest(
            "bad-format-parameter", "/project?format=html", 422, "query parameter 'format'",
            _latents(f"[[0, {zeros}]]"),
        ),
    ]  # fmt: skip
