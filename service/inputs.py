"""Turn a request body into images or latents, enforcing every limit with a precise 4xx.

A request with any bad input is rejected whole, listing every bad input, so a client can
never misalign results with what it sent.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from fastapi import HTTPException, Request
from starlette.datastructures import UploadFile

from service.config import ServiceSettings
from service.errors import InputProblem, RequestRejected

FILES_FIELD = "files"


@dataclass
class Upload:
    filename: str
    data: bytes


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def unsupported_media(request: Request, accepted: str) -> RequestRejected:
    got = media_type(request) or "no Content-Type"
    return RequestRejected(415, f"unsupported Content-Type {got!r}; send {accepted}")


async def read_uploads(request: Request, settings: ServiceSettings) -> list[Upload]:
    """The ``files`` parts of a multipart body, each within the byte limit."""
    if media_type(request) != "multipart/form-data":
        raise unsupported_media(request, f"multipart/form-data with one or more '{FILES_FIELD}' parts")
    try:
        form = await request.form(max_files=settings.max_files, max_fields=settings.max_files)
    except HTTPException as exc:  # python-multipart limits and syntax errors
        if "Too many" in str(exc.detail):
            raise RequestRejected(413, f"{exc.detail}: at most {settings.max_files} files per request") from exc
        raise RequestRejected(400, f"malformed multipart body: {exc.detail}") from exc
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
        uploads, problems = [], []
        for index, part in enumerate(parts):
            if not isinstance(part, UploadFile):
                problems.append(InputProblem(index, "is a text field, not a file upload", file=str(part)[:100]))
                continue
            name = part.filename or ""
            data = await part.read(settings.max_file_bytes + 1)
            if len(data) > settings.max_file_bytes:
                raise RequestRejected.for_inputs(
                    413,
                    [
                        InputProblem(
                            index, f"larger than the {settings.max_file_bytes:,}-byte limit per file", file=name
                        )
                    ],
                    len(parts),
                )
            uploads.append(Upload(name, data))
        if problems:
            raise RequestRejected.for_inputs(422, problems, len(parts))
        return uploads
    finally:
        await form.close()


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a finite number")


def parse_latents(body: bytes, latent_dim: int, max_latents: int) -> np.ndarray:
    """``{"latents": [[float, ...], ...]}`` → ``(n, latent_dim)`` float32, strictly checked."""
    try:
        payload = json.loads(body, parse_constant=_reject_constant)
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


def _check_row(index: int, row: object, latent_dim: int) -> InputProblem | None:
    if not isinstance(row, list):
        return InputProblem(index, f"must be a list of {latent_dim} numbers, got {type(row).__name__}")
    if len(row) != latent_dim:
        return InputProblem(index, f"has length {len(row)}, the bundle's latent_dim is {latent_dim}")
    for j, value in enumerate(row):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return InputProblem(index, f"element {j} is {type(value).__name__}, not a number")
        if not math.isfinite(value) or abs(value) > 3.0e38:
            return InputProblem(index, f"element {j} is not a finite float32 number")
    return None
