"""The service's one settings object: ``LATENTMAP_*`` env vars, then CLI flags of ``python -m service``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from shared.preprocessing import DEFAULT_MAX_PIXELS, PILLOW_MAX_PIXELS

MiB = 1024 * 1024


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="LATENTMAP_",
        cli_kebab_case=True,
        cli_prog_name="python -m service",
        cli_implicit_flags=True,
        extra="ignore",
    )

    bundle: Path = Field(description="Bundle folder written by `python -m training` (env LATENTMAP_BUNDLE).")
    host: str = Field("127.0.0.1", description="Interface to listen on; 0.0.0.0 inside a container.")
    port: int = Field(8000, ge=1, le=65535)
    api_key: SecretStr | None = Field(
        None,
        description="When set, every endpoint but /healthz and /readyz needs "
        "`Authorization: Bearer <key>`; /admin/* is disabled without one.",
    )
    # Input limits: each violation is a 4xx naming the input, never a 500.
    max_file_bytes: int = Field(20 * MiB, ge=1, description="Largest single uploaded file.")
    max_request_bytes: int = Field(64 * MiB, ge=1, description="Largest request body.")
    max_files: int = Field(64, ge=1, description="Most files in one request.")
    max_pixels: int = Field(
        DEFAULT_MAX_PIXELS,
        ge=1,
        le=PILLOW_MAX_PIXELS,
        description="Largest image (width×height); guards against decompression bombs.",
    )
    max_request_pixels: int = Field(
        256_000_000,
        ge=1,
        description="Most pixels (width×height summed over the request's images, read from their headers) one "
        "request may ask to decode: ~1–2 s of both cores, so one request cannot stall the others for long; "
        "the default fits 64 Full HD or 30 4K screenshots. At least max_pixels.",
    )
    max_latents: int = Field(4096, ge=1, description="Most latents in one JSON request.")
    body_timeout: float = Field(
        30.0, gt=0, description="Seconds a request body may stall between two chunks before a 408."
    )
    body_deadline: float = Field(
        120.0,
        gt=0,
        description="Seconds the service may wait in all for a request's body, else a 408 (the default "
        "lets a full max_request_bytes body arrive at ~0.6 MB/s); at least body_timeout.",
    )
    # Capacity
    max_inflight: int = Field(32, ge=1, description="Requests processed at once before new ones get 503 + Retry-After.")
    decode_threads: int = Field(
        os.cpu_count() or 1, ge=1, description="Threads decoding uploads (Pillow releases the GIL)."
    )
    # One: decoding is the floor of /embed and already keeps every core busy; a second torch thread
    # only competes with it (measured on 2 cores: /embed at 0.79 → 0.85 of the decode floor).
    # Raise it for large input sizes, where the forward pass rather than decoding is the floor.
    torch_threads: int = Field(
        1, ge=1, description="Threads of each forward pass (micro-batches of concurrent requests)."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins allowed by CORS, comma-separated (https://a.example,https://b.example) "
        "or a JSON list; empty = CORS off.",
    )
    log_level: Literal["critical", "error", "warning", "info", "debug", "trace"] = Field(
        "info", description="Log level of the service and uvicorn; info includes an access line per request."
    )
    log_format: Literal["text", "json"] = Field(
        "text", description="text: one line per record; json: one JSON object per line, for log collectors."
    )

    @field_validator("api_key", mode="before")
    @classmethod
    def _api_key_as_sent(cls, value: object) -> object:
        """``LATENTMAP_API_KEY=`` (empty, as compose passes an unset variable) means no key.

        A key must be something a client can send: the header's token is compared stripped and
        as ASCII, so a key with a stray space from an ``.env`` file, or an accent, could never match.
        """
        if not isinstance(value, str):
            return value
        value = value.strip()
        if not value:
            return None
        if not all(33 <= ord(char) < 127 for char in value):
            raise ValueError(
                "must be printable ASCII without spaces (it is sent in an HTTP header); "
                "e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        return value

    @model_validator(mode="after")
    def _one_image_fits_a_request(self) -> ServiceSettings:
        if self.max_request_pixels < self.max_pixels:
            raise ValueError(
                f"max_request_pixels ({self.max_request_pixels:,}) is below max_pixels ({self.max_pixels:,}), so "
                "images max_pixels allows would still be refused; raise max_request_pixels or lower max_pixels"
            )
        return self

    @model_validator(mode="after")
    def _deadline_covers_a_gap(self) -> ServiceSettings:
        if self.body_deadline < self.body_timeout:
            raise ValueError(
                f"body_deadline ({self.body_deadline:g} s) is shorter than body_timeout ({self.body_timeout:g} s), "
                "so body_timeout could never apply; raise body_deadline or lower body_timeout"
            )
        return self

    @field_validator("log_level", "log_format", mode="before")
    @classmethod
    def _any_case(cls, value: object, info: ValidationInfo) -> object:
        """Any case; empty (``LATENTMAP_LOG_LEVEL=``, as compose may pass an unset variable) is the default."""
        if not isinstance(value, str):
            return value
        return value.strip().lower() or cls.model_fields[info.field_name or ""].default

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins_from_text(cls, value: object) -> object:
        """``LATENTMAP_CORS_ORIGINS=https://a.example,https://b.example``, as people write it; JSON works too."""
        if not isinstance(value, str):
            return value
        if value.lstrip().startswith("["):
            try:
                return json.loads(value)
            except json.JSONDecodeError as exc:
                raise ValueError(f"not a JSON list ({exc.msg}); or write the origins comma-separated") from None
        return [origin.strip() for origin in value.split(",") if origin.strip()]
