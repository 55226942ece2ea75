"""What the inference routes share: reading a request into latents, and its OpenAPI description."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from fastapi import Request
from starlette.concurrency import run_in_threadpool

from service.config import ServiceSettings
from service.errors import RequestRejected
from service.inference import InferenceEngine
from service.inputs import (
    check_content_encoding,
    json_body_limit,
    json_too_large,
    media_type,
    parse_latents,
    read_uploads,
    unsupported_media,
)
from service.schemas import ErrorResponse, LatentsRequest
from shared.bundle import Bundle

_FILES_SCHEMA = {
    "type": "object",
    "required": ["files"],
    "properties": {"files": {"type": "array", "minItems": 1, "items": {"type": "string", "format": "binary"}}},
}
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in {
        400: "Malformed body.",
        401: "Missing or wrong API key (when one is configured).",
        408: "The request body stalled for body_timeout seconds, or took body_deadline seconds of waiting in all.",
        413: "Too many files, a file or body over the byte limit, images over max_pixels or over "
        "max_request_pixels in all, or too many latents.",
        415: "Unsupported Content-Type, or a compressed body (Content-Encoding).",
        422: "Inputs that cannot be used (`errors` lists every one), or an unknown query parameter.",
        503: "Over capacity or still loading; retry after `Retry-After` seconds.",
    }.items()
}


def request_body_doc(images_only: bool) -> dict[str, Any]:
    """``openapi_extra`` for routes that parse their body themselves (multipart and/or JSON)."""
    content: dict[str, Any] = {"multipart/form-data": {"schema": _FILES_SCHEMA}}
    if not images_only:
        content["application/json"] = {"schema": LatentsRequest.model_json_schema()}
    return {"requestBody": {"required": True, "content": content}}


@dataclass
class RequestInputs:
    """What a request asked about: latents, plus file names and errors when images were sent."""

    latents: np.ndarray
    filenames: list[str] | None = None
    reconstruction_error: np.ndarray | None = None

    def name(self, index: int) -> str | None:
        return None if self.filenames is None else self.filenames[index]


async def embed_uploads(
    request: Request, settings: ServiceSettings, bundle: Bundle, engine: InferenceEngine, reconstruct: bool = True
) -> RequestInputs:
    parts = await read_uploads(request, settings)
    images = None
    if parts.uploads:
        try:
            images = await engine.decode(parts.uploads, bundle.pipeline.spec)
        except RequestRejected as exc:
            if exc.status_code not in (413, 422) or not exc.problems:
                raise
            # Decoding numbers problems among the readable parts; report them by part index,
            # together with the parts refused before decoding, so every bad file is listed.
            for problem in exc.problems:
                problem.index = parts.uploads[problem.index].index
            (parts.too_large if exc.status_code == 413 else parts.unusable).extend(exc.problems)
    rejection = parts.rejection()
    if rejection is not None:
        raise rejection
    assert images is not None
    embedding = await engine.embed(bundle, images, reconstruct)
    return RequestInputs(embedding.latents, [u.filename for u in parts.uploads], embedding.reconstruction_error)


async def images_or_latents(
    request: Request, settings: ServiceSettings, bundle: Bundle, engine: InferenceEngine
) -> RequestInputs:
    """Latents from a JSON body, or from embedding a multipart body's images (encoder only)."""
    check_content_encoding(request)
    kind = media_type(request)
    if kind == "application/json":
        latent_dim = bundle.pipeline.latent_dim
        limit = json_body_limit(latent_dim, settings.max_latents)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise json_too_large(int(declared), limit, settings.max_latents)
        body = await request.body()
        if len(body) > limit:
            raise json_too_large(len(body), limit, settings.max_latents)
        # A few MB of JSON takes a while to parse: off the event loop, so probes stay answered.
        return RequestInputs(await run_in_threadpool(parse_latents, body, latent_dim, settings.max_latents))
    if kind == "multipart/form-data":
        return await embed_uploads(request, settings, bundle, engine, reconstruct=False)
    raise unsupported_media(request, 'multipart/form-data with "files" parts, or application/json {"latents": [...]}')
