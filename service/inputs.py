"""Turn a request body into images or latents, enforcing every limit with a precise 4xx.

A request with any bad input is rejected whole, listing every bad input, so a client can
never misalign results with what it sent.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np
from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException  # what Request.form raises; fastapi's is a subclass

from service.config import ServiceSettings
from service.errors import InputProblem, RequestRejected

FILES_FIELD = "files"
FLOAT32_MAX = float(np.finfo(np.float32).max)


@dataclass
class Upload:
    filename: str
    data: bytes
    index: int = 0  # position among the request's 'files' parts


@dataclass
class UploadedParts:
    """A request's ``files`` parts: the readable ones, and those refused before any decoding."""

    uploads: list[Upload]
    total: int
    too_large: list[InputProblem] = field(default_factory=list)  # call for a 413
    unusable: list[InputProblem] = field(default_factory=list)  # call for a 422

    def rejection(self) -> RequestRejected | None:
        """One answer listing every refused part: 413 if size is the only problem, else 422."""
        problems = sorted(self.too_large + self.unusable, key=lambda problem: problem.index)
        if not problems:
            return None
        return RequestRejected.for_inputs(422 if self.unusable else 413, problems, self.total)


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def unsupported_media(request: Request, accepted: str) -> RequestRejected:
    got = media_type(request) or "no Content-Type"
    return RequestRejected(415, f"unsupported Content-Type {got!r}; send {accepted}")


def check_content_encoding(request: Request) -> None:
    """A compressed body would be parsed as garbage (a 400 blaming the JSON): name the real problem."""
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        raise RequestRejected(
            415,
            f"unsupported Content-Encoding {encoding!r}; send the body uncompressed (images are compressed already)",
        )


async def read_uploads(request: Request, settings: ServiceSettings) -> UploadedParts:
    """The ``files`` parts of a multipart body; parts over the byte limit or not files are refused."""
    check_content_encoding(request)
    if media_type(request) != "multipart/form-data":
        raise unsupported_media(request, f"multipart/form-data with one or more '{FILES_FIELD}' parts")
    try:
        form = await request.form(max_files=settings.max_files, max_fields=settings.max_files)
    except HTTPException as exc:  # python-multipart limits and syntax errors
        raise _multipart_rejection(str(exc.detail), settings) from exc
    try:
        parts = form.getlist(FILES_FIELD)
        if not parts:
            others = sorted({key for key in form})
            hint = f" (got fields {others})" if others else ""
            raise RequestRejected(
                422,
                f"no file parts named '{FILES_FIELD}'{hint}; upload images as "
                f"multipart/form-data field '{FILES_FIELD}'",
            )
        read = UploadedParts(uploads=[], total=len(parts))
        for index, part in enumerate(parts):
            if not isinstance(part, UploadFile):
                read.unusable.append(InputProblem(index, _TEXT_FIELD, file=_text_field_label(str(part))))
                continue
            name = part.filename or ""
            data = await part.read(settings.max_file_bytes + 1)
            if len(data) > settings.max_file_bytes:
                reason = f"larger than the {settings.max_file_bytes:,}-byte limit per file (max_file_bytes)"
                read.too_large.append(InputProblem(index, reason, file=name))
                continue
            read.uploads.append(Upload(name, data, index))
        return read
    finally:
        await form.close()


_TEXT_FIELD = (
    "is a text field, not a file upload: a part is a file only with a filename in its Content-Disposition "
    "(curl: -F files=@image.png, not -F files=<image.png)"
)


def _text_field_label(value: str) -> str:
    """The field's text when it reads as a name; a length, not mojibake, for the bytes of an image."""
    if len(value) <= 100 and value.isprintable():
        return value
    return f"<text field of {len(value):,} characters>"


def _multipart_rejection(problem: str, settings: ServiceSettings) -> RequestRejected:
    if problem.startswith("Too many fields"):
        return RequestRejected(
            413,
            f"{problem} Only '{FILES_FIELD}' file parts are read, at most {settings.max_files} per request "
            "(max_files); drop the text fields",
        )
    if problem.startswith("Too many"):
        return RequestRejected(
            413, f"{problem} At most {settings.max_files} files per request (max_files); send the rest separately"
        )
    if "exceeded maximum size" in problem:
        return RequestRejected(413, f"{problem} Only '{FILES_FIELD}' file parts are read; send images as files")
    return RequestRejected(
        400,
        f"malformed multipart body: {problem} Check the boundary and that each part's headers "
        "(including the filename) are under 4 KB",
    )


JSON_BYTES_PER_NUMBER = 64
"""Room for one latent value in a JSON body: ``-1.2345678901234567e-05, `` is 24 bytes; the rest is layout."""


def json_body_limit(latent_dim: int, max_latents: int) -> int:
    """Largest JSON body that ``max_latents`` latents can need; anything bigger is refused unparsed.

    Parsing builds a Python float per number (~10× the body in memory), so the cap keeps one
    request from taking hundreds of MB or seconds of CPU before its size is even checked.
    """
    return max_latents * latent_dim * JSON_BYTES_PER_NUMBER + 4096


def json_too_large(size: int, limit: int, max_latents: int) -> RequestRejected:
    return RequestRejected(
        413,
        f"JSON body of {size:,} bytes is larger than {max_latents} latents can need ({limit:,} bytes, "
        "max_latents); send fewer latents per request",
    )


def parse_latents(body: bytes, latent_dim: int, max_latents: int) -> np.ndarray:
    """``{"latents": [[float, ...], ...]}`` → ``(n, latent_dim)`` float32, strictly checked."""
    try:
        # NaN and Infinity parse to floats here so the row check can name the latent that holds them.
        payload = json.loads(body, parse_int=_json_int)
    except RecursionError as exc:
        raise RequestRejected(400, "JSON body is nested too deeply") from exc
    except ValueError as exc:
        raise RequestRejected(400, f"body is not valid JSON: {exc}") from exc
    if not isinstance(payload, dict) or "latents" not in payload:
        raise RequestRejected(422, 'expected a JSON object {"latents": [[...], ...]}')
    extra = sorted(set(payload) - {"latents"})
    if extra:
        raise RequestRejected(422, f"unknown keys {extra}; only 'latents' is accepted")
    rows = payload["latents"]
    if not isinstance(rows, list) or not rows:
        raise RequestRejected(422, "'latents' must be a non-empty list of lists of numbers")
    if len(rows) > max_latents:
        raise RequestRejected(413, f"{len(rows)} latents, over the limit of {max_latents} per request")
    problems = [p for i, row in enumerate(rows) if (p := _check_row(i, row, latent_dim))]
    if problems:
        raise RequestRejected.for_inputs(422, problems, len(rows))
    return np.asarray(rows, dtype=np.float32)


def _json_int(text: str) -> int:
    """An integer past Python's 4,300-digit conversion limit is too large for float32 anyway: say
    so for its latent, instead of calling the whole body invalid JSON."""
    try:
        return int(text)
    except ValueError:
        return _TOO_LARGE


_TOO_LARGE = 10**400  # float() of it overflows, which the row check reports


def _check_row(index: int, row: object, latent_dim: int) -> InputProblem | None:
    if not isinstance(row, list):
        return InputProblem(index, f"must be a list of {latent_dim} numbers, got {type(row).__name__}")
    if len(row) != latent_dim:
        return InputProblem(index, f"has length {len(row)}, the bundle's latent_dim is {latent_dim}")
    for j, value in enumerate(row):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return InputProblem(index, f"element {j} is {type(value).__name__}, not a number")
        try:
            number = float(value)
        except OverflowError:  # a JSON integer may have hundreds of digits
            return InputProblem(index, f"element {j} is an integer too large for float32")
        if not math.isfinite(number) or abs(number) > FLOAT32_MAX:
            return InputProblem(index, f"element {j} is {number!r}, not a finite float32 number")
    return None
