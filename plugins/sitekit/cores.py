"""The cores this process may run on: what each step that works in parallel sizes its pool by."""

from __future__ import annotations

import os


def count() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process is allowed, on Linux
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1
