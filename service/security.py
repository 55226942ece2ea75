"""Optional bearer-token auth; /admin always needs a key and is off when none is configured."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.config import ServiceSettings
from service.errors import RequestRejected

_CHALLENGE = {"WWW-Authenticate": "Bearer"}
# Parses the header and documents the scheme in OpenAPI; the checks below decide what is required.
_bearer = HTTPBearer(
    auto_error=False,
    description="The API key configured as LATENTMAP_API_KEY. Without one configured, only /admin needs it "
    "(and is disabled).",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def _check(settings: ServiceSettings, credentials: HTTPAuthorizationCredentials | None) -> None:
    assert settings.api_key is not None
    if credentials is None:
        raise RequestRejected(401, "missing API key: send `Authorization: Bearer <key>`", headers=_CHALLENGE)
    expected = settings.api_key.get_secret_value().encode()
    if not hmac.compare_digest(credentials.credentials.strip().encode(), expected):  # constant time
        raise RequestRejected(401, "wrong API key", headers=_CHALLENGE)


async def require_api_key(request: Request, credentials: Credentials) -> None:
    """Dependency for ordinary endpoints: enforced only when an API key is configured."""
    settings: ServiceSettings = request.app.state.settings
    if settings.api_key is not None:
        _check(settings, credentials)


async def require_admin_key(request: Request, credentials: Credentials) -> None:
    """Dependency for /admin: a key must be configured and presented."""
    settings: ServiceSettings = request.app.state.settings
    if settings.api_key is None:
        raise RequestRejected(403, "admin endpoints are disabled: set LATENTMAP_API_KEY to enable them")
    _check(settings, credentials)
