"""Optional bearer-token auth; /admin always needs a key and is off when none is configured."""

from __future__ import annotations

import hmac

from fastapi import Request

from service.config import ServiceSettings
from service.errors import RequestRejected

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def _presented_key(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _check(settings: ServiceSettings, request: Request) -> None:
    assert settings.api_key is not None
    presented = _presented_key(request)
    if presented is None:
        raise RequestRejected(401, "missing API key: send `Authorization: Bearer <key>`", headers=_CHALLENGE)
    expected = settings.api_key.get_secret_value().encode()
    if not hmac.compare_digest(presented.encode(), expected):  # constant time
        raise RequestRejected(401, "wrong API key", headers=_CHALLENGE)


def require_api_key(request: Request) -> None:
    """Dependency for ordinary endpoints: enforced only when an API key is configured."""
    settings: ServiceSettings = request.app.state.settings
    if settings.api_key is not None:
        _check(settings, request)


def require_admin_key(request: Request) -> None:
    """Dependency for /admin: a key must be configured and presented."""
    settings: ServiceSettings = request.app.state.settings
    if settings.api_key is None:
        raise RequestRejected(403, "admin endpoints are disabled: set LATENTMAP_API_KEY to enable them")
    _check(settings, request)
