"""Pausing Python's cyclic garbage collector while a burst of long-lived objects is made.

Reading a pickled artefact or building a map view creates hundreds of
thousands of small objects that all stay alive; every few thousand the
collector would walk them all again, for garbage nobody made (they are freed
by reference counting). One home for the pause, so nested and parallel users
share it: collection resumes, if it was on, when the last of them is done.
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_GC_LOCK = threading.Lock()
_GC = {"holders": 0, "was_enabled": True}


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (see the module's docstring)."""
    with _GC_LOCK:
        if _GC["holders"] == 0:
            _GC["was_enabled"] = gc.isenabled()
            gc.disable()
        _GC["holders"] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC["holders"] -= 1
            if _GC["holders"] == 0 and _GC["was_enabled"]:
                gc.enable()
