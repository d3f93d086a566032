"""Limits: a wall-clock limit on one page's processing (``--max-seconds``).

``with time_limit(seconds, source): ...`` raises :class:`PageTimeout` in the block once
``seconds`` have passed, through ``SIGALRM`` and ``setitimer(ITIMER_REAL)``.  It works only
where it can: in the main thread of a process on a platform with ``SIGALRM`` whose handler
is Python's or the default; anywhere else (a thread, Windows, a handler installed from C)
it sets no limit and the block runs to its end.  ``None`` means no limit.

A timer already armed keeps its time: an inner limit never extends an outer one (when the
outer deadline falls inside the inner block, the outer limit's exception is raised), and a
periodic timer (libFuzzer's, for one) goes on ticking into its handler.  On exit the
previous handler and the previous timer (less the time spent) are restored.

The alarm interrupts Python code between bytecodes; one long call into C (a regular
expression, the HTML parser) finishes before the exception is raised.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

#: The smallest delay handed to ``setitimer`` (0 would switch the timer off).
_MIN_DELAY = 1e-6
#: How early a timer may fire and still count as this limit's own deadline.
_TOLERANCE = 1e-3


class PageTimeout(Exception):
    """A page took longer than its limit. ``str(err)`` is one line naming the page."""

    def __init__(self, source: str, seconds: float) -> None:
        super().__init__(source, seconds)  # both in args, so the error pickles
        self.source = source
        self.seconds = seconds

    def __str__(self) -> str:
        n = f"{self.seconds:g}"
        source = " ".join(self.source.splitlines())
        return f"{source}: took longer than {n} s (limit --max-seconds {n})"


def _can_alarm() -> bool:
    """SIGALRM exists, this is the main thread, and its handler can be put back afterwards
    (``getsignal`` gives None for a handler installed from C, e.g. by libFuzzer)."""
    return (
        hasattr(signal, "SIGALRM")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) is not None
    )


@contextmanager
def time_limit(seconds: float | None, source: str) -> Iterator[None]:
    """Raise :class:`PageTimeout` in the block after ``seconds`` (None: no limit)."""
    if seconds is not None and not seconds > 0:
        raise ValueError(f"a time limit must be positive, not {seconds!r}")
    if seconds is None or not _can_alarm():
        yield
        return
    started = time.monotonic()
    deadline = started + seconds
    previous_handler = signal.getsignal(signal.SIGALRM)
    previous_delay, previous_interval = signal.getitimer(signal.ITIMER_REAL)
    # when the timer found armed is next due (None: not armed, or its one shot is spent)
    state: dict = {
        "restored": False,
        "previous_due": started + previous_delay if previous_delay > 0 else None,
    }

    def arm() -> None:
        due = min(d for d in (deadline, state["previous_due"]) if d is not None)
        signal.setitimer(signal.ITIMER_REAL, max(due - time.monotonic(), _MIN_DELAY))

    def restore() -> None:
        """Idempotent: the handler calls it before raising, the block's exit after."""
        if state["restored"]:
            return
        state["restored"] = True
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if state["previous_due"] is not None:
            left = max(state["previous_due"] - time.monotonic(), _MIN_DELAY)
            signal.setitimer(signal.ITIMER_REAL, left, previous_interval)

    def on_alarm(signum, frame):
        now = time.monotonic()
        if now >= deadline - _TOLERANCE:
            restore()
            raise PageTimeout(source, seconds)
        due = state["previous_due"]
        if due is None or now < due - _TOLERANCE:
            arm()  # early: wait on
            return
        if previous_interval > 0:  # a periodic timer ticks on; this limit stays
            while state["previous_due"] <= now + _TOLERANCE:
                state["previous_due"] += previous_interval
            arm()
        else:  # an outer limit's deadline came first: its turn, this limit is done
            state["previous_due"] = None
            restore()
        if callable(previous_handler):
            previous_handler(signum, frame)

    signal.signal(signal.SIGALRM, on_alarm)
    arm()
    try:
        yield
    finally:
        restore()
