"""A tiny, dependency-free progress bar for the command line.

It draws on stderr only when stderr is a terminal and it was not silenced, so pipes, logs and
tests see nothing.  Redraws are throttled to about ten per second.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

_WIDTH = 28
_MIN_INTERVAL = 0.1


class ProgressBar:
    """``with ProgressBar("parsing", total) as bar: bar.update(done)``.

    ``total`` may be unknown (``None`` or 0): the bar then shows a count only.
    """

    def __init__(
        self,
        label: str,
        total: int | None = None,
        *,
        stream: TextIO | None = None,
        enabled: bool | None = None,
    ) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.enabled = _is_terminal(self.stream) if enabled is None else enabled
        self.label = label
        self.total = total
        self.done = 0
        self._last_draw = 0.0
        self._drawn = False

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def update(self, done: int, total: int | None = None, *, label: str | None = None) -> None:
        """Set the amount done (and optionally the total or the label); redraw if due."""
        self.done = done
        if total is not None:
            self.total = total
        if label is not None:
            self.label = label
        self._draw(force=label is not None)

    def stage(self, label: str) -> None:
        """Start a new stage of unknown length: show just its label."""
        self.total = None
        self.update(0, label=label)

    def advance(self, step: int = 1) -> None:
        self.update(self.done + step)

    def render(self) -> str:
        """The bar as text (without the leading carriage return)."""
        if not self.total:
            return f"{self.label} {self.done:,}" if self.done else f"{self.label}…"
        share = min(max(self.done / self.total, 0.0), 1.0)
        filled = round(share * _WIDTH)
        bar = "#" * filled + "-" * (_WIDTH - filled)
        return f"{self.label} [{bar}] {self.done:,}/{self.total:,} {share:4.0%}"

    def close(self) -> None:
        """Erase the bar, leaving the terminal line clean."""
        if self.enabled and self._drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._drawn = False

    def _draw(self, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last_draw < _MIN_INTERVAL:
            return
        self._last_draw = now
        self.stream.write("\r\033[K" + self.render())
        self.stream.flush()
        self._drawn = True


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
