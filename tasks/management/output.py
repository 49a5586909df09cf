"""Checks shared by the commands that write a file: fail with one line, before doing any work."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import CommandError


def output_path_check(path: Path | str) -> Path:
    """The output file as a Path, once its folder exists and is writable and it is not a folder.

    Raises :class:`CommandError` (a one-line message, non-zero exit) otherwise, so a command
    checks this before it reads or computes anything and never leaves a partial file behind.
    """
    path = Path(path)
    if path.is_dir():
        raise CommandError(f"{path} is a directory; give a file name.")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CommandError(f"cannot write {path}: the directory {folder} does not exist.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CommandError(f"cannot write {path}: the directory {folder} is not writable.")
    if path.exists() and not os.access(path, os.W_OK):
        raise CommandError(f"cannot write {path}: the file is not writable.")
    return path
