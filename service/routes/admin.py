"""POST /admin/reload: swap to a new bundle without dropping a request."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends

from service.deps import SettingsDep, StateDep, reject_unknown_query
from service.errors import RequestRejected
from service.schemas import ErrorResponse, ReloadResponse
from service.security import require_admin_key
from shared.errors import BundleError

router = APIRouter(
    prefix="/admin", tags=["admin"], dependencies=[Depends(require_admin_key), Depends(reject_unknown_query)]
)
log = logging.getLogger(__name__)


@router.post(
    "/reload",
    response_model=ReloadResponse,
    responses={
        401: {"model": ErrorResponse, "description": "Missing or wrong API key."},
        403: {"model": ErrorResponse, "description": "No API key is configured, so /admin is disabled."},
        409: {"model": ErrorResponse, "description": "The bundle on disk is broken; the old one keeps serving."},
    },
    summary="Reload the bundle from the configured path (also on SIGHUP)",
)
async def reload(settings: SettingsDep, state: StateDep) -> ReloadResponse:
    try:
        swap = await state.reload(settings.bundle)
    except BundleError as exc:
        serving = state.bundle.bundle_id if state.ready else None
        log.error("reload refused, still serving %s: %s", serving, exc)
        raise RequestRejected(409, f"reload refused, still serving bundle {serving}: {exc}") from exc
    return ReloadResponse(bundle_id=swap.bundle.bundle_id, previous_bundle_id=swap.previous_id)
