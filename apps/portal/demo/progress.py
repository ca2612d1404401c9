"""A progress line for long steps: redrawn in place on a terminal, every tenth elsewhere."""

import sys
import time


class Progress:
    def __init__(self, label: str, total: int, stream=None):
        self.label, self.total, self.done = label, max(total, 1), 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.started = time.monotonic()
        self._last_tenth = -1

    def __call__(self, count: int = 1) -> None:
        self.done += count
        tenth = self.done * 10 // self.total
        if self.tty:
            self._draw("\r")
        elif tenth != self._last_tenth:
            self._last_tenth = tenth
            self._draw("")
            self.stream.write("\n")

    def close(self) -> None:
        """The final line, whose time includes what followed the last row (index builds)."""
        if self.tty:
            self._draw("\r")
        else:
            elapsed = time.monotonic() - self.started
            self.stream.write(f"  {self.label:<22} done: {self.done:,} rows in {elapsed:.1f}s")
        self.stream.write("\n")
        self.stream.flush()

    def _draw(self, prefix: str) -> None:
        share = min(self.done / self.total, 1)
        bar = "█" * int(share * 24) + "░" * (24 - int(share * 24))
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"{prefix}  {self.label:<22} {bar} {share:6.1%} {self.done:>12,}/{self.total:,} {elapsed:6.1f}s"
        )
        self.stream.flush()
