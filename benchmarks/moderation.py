"""Throughput of R-IM-4 checks on one core, next to a naive baseline measured in the same run.

    .venv/bin/python benchmarks/moderation.py [--seconds N] [DIR]

Every message of the evaluation set (violating and ordinary) is checked over and over for a few
seconds; messages/s is reported for ``pasar.moderation.check`` and for a baseline that only
NFKC-normalises and runs one precompiled phone/URL regex. The machine is shared and noisy, so the
ratio between the two, measured back to back, is the figure to compare across runs.
Per-call caches (phone validation) are cleared before every pass so a repeated message does not
get a free ride.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from pasar.moderation import check
from pasar.moderation.phones import is_valid_phone

_BASELINE = re.compile(r"\+?\d[\d\s\-.]{6,14}\d|https?://\S+|\b[\w-]+\.(?:com|net|org|id|my)\b")


def baseline(text: str, market: str) -> bool:
    return _BASELINE.search(unicodedata.normalize("NFKC", text).lower()) is None


def load(directory: Path) -> list[tuple[str, str]]:
    rows = []
    for name in ("violating.jsonl", "ordinary.jsonl"):
        with (directory / name).open(encoding="utf-8") as handle:
            rows.extend((row["text"], row["market"]) for row in map(json.loads, handle))
    return rows


def rate(fn: Callable[[str, str], object], messages: list[tuple[str, str]], seconds: float) -> tuple[float, float]:
    """Messages per second of wall-clock time and of this process's CPU time.

    On a shared machine other jobs steal the core; CPU time leaves that out, wall time does not.
    """
    done = 0
    started, started_cpu = time.perf_counter(), time.process_time()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        is_valid_phone.cache_clear()
        for text, market in messages:
            fn(text, market)
        done += len(messages)
    return done / (time.perf_counter() - started), done / (time.process_time() - started_cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default="tests/data/moderation", type=Path)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target is per core
    messages = load(args.directory)
    for text, market in messages[:200]:  # warm-up: data files and regexes load on first use
        check(text, market)
    engine, engine_cpu = rate(check, messages, args.seconds)
    naive, naive_cpu = rate(baseline, messages, args.seconds)
    print(
        f"messages in set: {len(messages)}; {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs visible, pinned to one"
    )
    print("                          wall-clock      CPU time")
    print(f"pasar.moderation.check : {engine:>10,.0f}/s  {engine_cpu:>10,.0f}/s")
    print(f"baseline (NFKC + 1 re) : {naive:>10,.0f}/s  {naive_cpu:>10,.0f}/s")
    print(f"ratio engine/baseline  : {engine / naive:>12.3f}  {engine_cpu / naive_cpu:>12.3f}")


if __name__ == "__main__":
    main()
