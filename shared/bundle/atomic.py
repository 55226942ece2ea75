"""Swap a finished folder into place so readers see the old bundle or the new, never a mix."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with Linux renameat2(RENAME_EXCHANGE); False if unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _fsync_tree(folder: Path) -> None:
    for file in folder.iterdir():
        with file.open("rb") as handle:
            os.fsync(handle.fileno())
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_dir(staging: Path, target: Path) -> None:
    """Make ``staging`` appear at ``target``; the previous ``target``, if any, is deleted."""
    _fsync_tree(staging)
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        # Now holds the old bundle, unlocked: another run's cleanup may be deleting it too.
        shutil.rmtree(staging, ignore_errors=True)
        return
    # No renameat2 (non-Linux): two renames, with the old bundle kept until the new is in.
    retired = target.parent / f".{target.name}.old"
    shutil.rmtree(retired, ignore_errors=True)
    os.rename(target, retired)
    os.rename(staging, target)
    shutil.rmtree(retired)
