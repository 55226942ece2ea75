"""The hidden folder a bundle is built in before it is swapped in, and the cleanup of leftovers.

A writer holds an exclusive ``flock`` on its staging folder until the swap; the kernel drops the
lock when the writer exits, however it exits. Cleanup removes only the folders whose lock it can
take, so a second training job writing to the same ``--out`` (``docker compose run train`` while
the first is still running) leaves the first job's folder alone instead of deleting it under it.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

_ATTEMPTS = 3
_NO_LOCKS = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EINVAL}


@contextmanager
def staging_folder(target: Path) -> Iterator[Path]:
    """A new, locked ``.NAME.tmp-xxxxxxxx`` beside ``target``; removed if the block raises.

    The block is expected to move the folder to ``target``; the lock ends with the block.
    """
    for _ in range(_ATTEMPTS):
        staging = target.parent / f".{target.name}.tmp-{uuid.uuid4().hex[:8]}"
        staging.mkdir()
        descriptor = os.open(staging, os.O_RDONLY)
        _lock(descriptor, blocking=True)
        if _still_there(staging, descriptor):  # a cleanup may have taken it between mkdir and flock
            break
        os.close(descriptor)
    else:
        raise OSError(f"could not create a staging folder beside {target}: each one was removed at once")
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        os.close(descriptor)


def remove_stale_staging(target: Path) -> None:
    """Delete staging folders of writers that died before their swap; skip those still being written."""
    for stale in target.resolve().parent.glob(f".{target.name}.tmp-*"):
        try:
            descriptor = os.open(stale, os.O_RDONLY)
        except OSError:  # gone already, or not a folder we can open: not ours to judge
            continue
        if not _lock(descriptor, blocking=False):
            log.info("leaving %s: another run is writing a bundle there now", stale)
            os.close(descriptor)
            continue
        try:
            log.info("removing unfinished bundle %s left by an interrupted run", stale)
            shutil.rmtree(stale, ignore_errors=True)
        finally:
            os.close(descriptor)


def _lock(descriptor: int, blocking: bool) -> bool:
    """Take the exclusive lock; False if another process holds it (only when not ``blocking``).

    On a file system without locks (some NFS, SMB and FUSE mounts) this warns and says True:
    a lone training run works as before, only concurrent runs to one ``--out`` are unprotected.
    """
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    except OSError as exc:
        if exc.errno not in _NO_LOCKS:
            raise
        log.warning(
            "this file system does not support locks (%s): runs writing one bundle at once are unprotected", exc
        )
    return True


def _still_there(staging: Path, descriptor: int) -> bool:
    try:
        return os.path.samestat(os.fstat(descriptor), os.stat(staging))
    except FileNotFoundError:
        return False
