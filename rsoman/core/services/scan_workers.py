"""The scan's offenders evaluated in two processes: the scanning process and one helper.

Loading an offender's facts and running the rules over them depend on that offender alone, and
are most of a full scan. So `services/scan.py` cuts the offenders to evaluate into chunks of
ids, and the scanning process and a helper process each take the next unclaimed chunk from a
shared counter until none is left: a helper that starts late, or runs slower, simply takes
fewer. The helper opens its own connection and sends back, per chunk, the offenders it
evaluated and what the rules found (plain picklable values). The scanning process puts the
chunks back in order, so the targets, and everything the scan writes from them, are exactly a
serial scan's.

The helper is spawned, never forked (the desktop app and the worker have threads), and reads
only committed data: `scan.py` decides when that is the data the scanning process sees. If it
cannot start, fails, dies or stalls, the scanning process evaluates every chunk it did not
report. This module imports no Qt: the spawned child imports it first.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from typing import Any

from sqlalchemy import URL
from sqlmodel import Session

from ..rules.policy import Policy
from ..rules.warnings import offender_findings
from ..rules.warnings.common import Horizon
from ..rules.warnings.facts import OffenderFacts
from ..rules.warnings.findings import Finding
from ..store.engine import DatabaseKey, make_engine
from .current import without_jit
from .facts_loader import Scope, load_offender_facts

log = logging.getLogger(__name__)

# Offenders per loading pass when only a few of a chunk's range are evaluated (an IN list).
LOAD_CHUNK = 1000
# The ends of the id space (an INTEGER on PostgreSQL): with everyone in scope evaluated, the
# chunks' ranges cover every id, as a serial scan's one pass does (an offender who came into
# scope after the counters were read is loaded by whichever chunk covers their id).
_LOWEST_ID = -(2**31)
_HIGHEST_ID = 2**31 - 1
# How long the scanning process waits for a chunk the helper has taken before it gives up on
# the helper and evaluates the chunk itself (a chunk takes about a second).
STALL_SECONDS = 60.0
# How long the scanning process waits for the chunk counter's lock, held for an instant by
# whichever process claims a chunk: longer means a helper died holding it, and any chunk not
# reported is then evaluated here.
CLAIM_SECONDS = 10.0
# How long a helper that has reported everything is given to exit before it is terminated.
EXIT_SECONDS = 10.0

# A finding with the manager who must act on it and the borough it is filed under.
TargetRow = tuple[Finding, int | None, int | None]


@dataclass(frozen=True)
class Chunk:
    """Offenders evaluated together: those in scope with an id in `id_range` (both ends
    included), or, when `ids` is given, only those of them."""

    index: int
    id_range: tuple[int, int]
    ids: tuple[int, ...] | None = None


@dataclass(frozen=True)
class ChunkResult:
    index: int
    evaluated: list[int]  # the offenders whose facts were loaded, in id order
    targets: list[TargetRow]  # what the rules found about them, in that order
    horizons: list[date | None]  # each evaluated offender's horizon (see rules' Horizon)
    by_helper: bool = False


def chunks_of(ids: Sequence[int], size: int, *, everyone: bool) -> list[Chunk]:
    """`ids` (sorted) cut into chunks of `size`. With `everyone` in scope evaluated, the
    chunks' ranges meet and cover every id and no id list is kept."""
    chunks: list[Chunk] = []
    for index, start in enumerate(range(0, len(ids), size)):
        part = ids[start : start + size]
        if everyone:
            low = min(_LOWEST_ID, part[0]) if start == 0 else part[0]
            last = start + size >= len(ids)
            high = max(_HIGHEST_ID, part[-1]) if last else ids[start + size] - 1
            chunks.append(Chunk(index, (low, high)))
        else:
            chunks.append(Chunk(index, (part[0], part[-1]), tuple(part)))
    return chunks


def load_by_ids(
    session: Session, scope: Scope, day: date, ids: Sequence[int]
) -> list[OffenderFacts]:
    """The facts of the offenders with these ids (sorted), LOAD_CHUNK ids to a query."""
    facts: list[OffenderFacts] = []
    for start in range(0, len(ids), LOAD_CHUNK):
        facts += load_offender_facts(session, scope, day, ids[start : start + LOAD_CHUNK])
    return facts


def evaluate_chunk(
    session: Session, scope: Scope, day: date, policy: Policy, chunk: Chunk, *, sparse: bool
) -> ChunkResult:
    """Load a chunk's facts and run the offender rules over them. `sparse`: the offenders to
    evaluate are a small part of the scope, so they are loaded by id lists rather than by
    range (as the serial scan loads them)."""
    facts: list[OffenderFacts]
    if chunk.ids is None:
        facts = load_offender_facts(session, scope, day, id_range=chunk.id_range)
    elif sparse:
        facts = load_by_ids(session, scope, day, chunk.ids)
    else:
        wanted = set(chunk.ids)
        loaded = load_offender_facts(session, scope, day, id_range=chunk.id_range)
        facts = [o for o in loaded if o.offender_id in wanted]
    targets, horizons = offender_targets(facts, day, policy)
    return ChunkResult(chunk.index, [o.offender_id for o in facts], targets, horizons)


def offender_targets(
    offenders: Iterable[OffenderFacts], day: date, policy: Policy
) -> tuple[list[TargetRow], list[date | None]]:
    """What the rules find about each offender, with who must act and where; and each
    offender's horizon, in the offenders' order."""
    targets: list[TargetRow] = []
    horizons: list[date | None] = []
    for o in offenders:
        horizon = Horizon()
        for f in offender_findings(o, day, policy, horizon):
            targets.append((f, o.manager_officer_id, o.borough_id))
        horizons.append(horizon.day)
    return targets, horizons


# ---------------------------------------------------------------------------------------------
# The helper process


@dataclass(frozen=True)
class HelperSpec:
    """What the helper is given, pickled over its pipe once it runs (never on its command line
    or in its environment: the URL may carry a password, SQLCipher's carries the passphrase)."""

    url: URL
    key: DatabaseKey | None
    scope: Scope
    day: date
    policy: Policy
    chunks: tuple[Chunk, ...]
    sparse: bool
    # Tests only: fail on the helper's n-th chunk (1: its first), by an exception or, with
    # `die`, by ending the process at once (as if killed).
    fail_on_chunk: int | None = None
    die: bool = False


def _claim(counter: Any, total: int, wait: float | None = None) -> int | None:
    """The next unclaimed chunk's index, or None when every chunk is taken; also None if the
    counter's lock is not had within `wait` seconds (a helper killed while holding it)."""
    lock = counter.get_lock()
    if not lock.acquire(timeout=wait):
        log.warning("the scan's chunk counter stayed locked for %s s", wait)
        return None
    try:
        index = int(counter.value)
        if index >= total:
            return None
        counter.value = index + 1
        return index
    finally:
        lock.release()


def helper_main(counter: Any, results: Connection) -> None:
    """The helper process: read its `HelperSpec`, evaluate chunks until none is left, sending
    each one's result, then ("done", CPU seconds); on any failure ("error", text). Quiet on
    stderr either way: the scanning process logs what matters."""
    # Ctrl-C in a terminal reaches the whole process group: the scanning process decides, and
    # stops this process itself. (It was started with SIGINT blocked: see `_start`.)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    gc.disable()  # as in the scanning process: the facts hold no cycles
    try:
        spec: HelperSpec = results.recv()
        engine = make_engine(spec.url, key=spec.key)
        try:
            with Session(engine) as session:
                without_jit(session)
                taken = 0
                while (index := _claim(counter, len(spec.chunks))) is not None:
                    taken += 1
                    if spec.fail_on_chunk == taken:
                        if spec.die:
                            os._exit(3)
                        raise RuntimeError(f"failing on chunk {taken} as the test asked")
                    chunk = spec.chunks[index]
                    result = evaluate_chunk(
                        session, spec.scope, spec.day, spec.policy, chunk, sparse=spec.sparse
                    )
                    results.send(
                        ("chunk", index, result.evaluated, result.targets, result.horizons)
                    )
                # At once: the scanning process may be waiting for it.
                results.send(("done", time.process_time()))
                session.rollback()
        finally:
            engine.dispose()
    except BaseException as exc:  # everything is reported, then the process ends
        try:
            text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            results.send(("error", text))
        except Exception:  # the scanning process sees the pipe close
            pass
    finally:
        results.close()


class _Helper:
    """The scanning process's side of a running helper. A thread sends it its spec (which may
    be larger than the pipe holds: it is read once the new interpreter has started) and reads
    its messages, so neither process waits on the other while this one evaluates chunks."""

    def __init__(self, process: Any, connection: Connection, spec: HelperSpec) -> None:
        self.process = process
        self.inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.cpu_seconds = 0.0
        self.failure: str | None = None
        self.finished = False
        self._thread = threading.Thread(
            target=self._talk, args=(connection, spec), name="rsoman-scan-helper", daemon=True
        )
        self._thread.start()

    def _talk(self, connection: Connection, spec: HelperSpec) -> None:
        reader = connection
        try:
            connection.send(spec)
            while True:
                self.inbox.put(reader.recv())
        except Exception:  # EOF or a broken pipe: the helper has gone
            pass
        finally:
            self.inbox.put(None)
            reader.close()

    def _take(self, message: Any, results: dict[int, ChunkResult]) -> None:
        if self.failure is not None or self.finished:
            return
        if message is None:
            self.failure = f"it stopped (exit code {self.process.exitcode})"
        elif message[0] == "chunk":
            _kind, index, evaluated, targets, horizons = message
            results[index] = ChunkResult(index, evaluated, targets, horizons, by_helper=True)
        elif message[0] == "done":
            self.finished = True
            self.cpu_seconds = float(message[1])
        else:
            self.failure = f"it failed: {message[1]}"

    def collect(self, results: dict[int, ChunkResult]) -> None:
        """Take what has arrived, without waiting."""
        while True:
            try:
                message = self.inbox.get_nowait()
            except queue.Empty:
                return
            self._take(message, results)

    def wait(self, results: dict[int, ChunkResult], total: int) -> None:
        """Wait for the chunks the helper took, while it is alive and reports in time."""
        waited = 0.0
        while len(results) < total and self.failure is None and not self.finished:
            try:
                message = self.inbox.get(timeout=0.5)
            except queue.Empty:
                waited += 0.5
                if waited >= STALL_SECONDS:
                    self.failure = f"it reported nothing for {STALL_SECONDS:.0f} s"
                elif not self.process.is_alive() and not self._thread.is_alive():
                    # Gone, and all it sent was read (the reader's last word is None).
                    self.failure = f"it died (exit code {self.process.exitcode})"
                continue
            waited = 0.0
            self._take(message, results)
        if len(results) < total and self.failure is None:
            self.failure = "it ended without reporting every chunk it took"
        if (
            self.failure is None
            and not self.finished
            and any(r.by_helper for r in results.values())
        ):
            # Its "done" follows its last chunk at once: read it, for its CPU seconds.
            try:
                self._take(self.inbox.get(timeout=1.0), results)
            except queue.Empty:
                pass

    def stop(self) -> None:
        """End the helper: let it exit if it reported everything, else terminate it."""
        process = self.process
        if self.failure is None and self.finished:
            process.join(EXIT_SECONDS)
        if process.is_alive():
            process.terminate()
            process.join(EXIT_SECONDS)
        if process.is_alive():
            process.kill()
            process.join()
        self._thread.join(EXIT_SECONDS)
        # Anything still unread (the helper's last words) lands here, not in a result.
        self.collect({})


@dataclass
class SharedEvaluation:
    """Chunks shared between this process and, if it started, one helper process."""

    chunks: list[Chunk]
    counter: Any
    helper: _Helper | None
    helper_chunks: int = 0  # reported by the helper (tests and the bench read these)
    helper_offenders: int = 0

    @property
    def helper_cpu_seconds(self) -> float:
        return self.helper.cpu_seconds if self.helper is not None else 0.0

    def run(self, evaluate: Callable[[Chunk], ChunkResult]) -> list[ChunkResult]:
        """Evaluate chunks here until none is unclaimed, then wait for the helper's; whatever
        the helper did not report is evaluated here. The results, in chunk order."""
        results: dict[int, ChunkResult] = {}
        total = len(self.chunks)
        helper = self.helper
        while (index := _claim(self.counter, total, CLAIM_SECONDS)) is not None:
            results[index] = evaluate(self.chunks[index])
            if helper is not None:
                helper.collect(results)
        if helper is not None:
            helper.wait(results, total)
            helper.collect(results)  # a failure already reported, though nothing is missing
            if helper.failure is not None:
                log.warning(
                    "the scan's helper process failed (%s): the scanning process evaluated "
                    "the %d chunk(s) of offenders it left",
                    helper.failure,
                    total - len(results),
                )
                helper.stop()  # before its chunks are done again here
        for chunk in self.chunks:
            if chunk.index not in results:
                results[chunk.index] = evaluate(chunk)
        ordered = [results[i] for i in range(total)]
        done_by_helper = [r for r in ordered if r.by_helper]
        self.helper_chunks = len(done_by_helper)
        self.helper_offenders = sum(len(r.evaluated) for r in done_by_helper)
        return ordered


def _start(process: Any) -> None:
    """Start the helper with SIGINT blocked, as the standard library starts its resource
    tracker: a blocked signal stays blocked in the new process until `helper_main` ignores it,
    so a Ctrl-C while the helper's interpreter starts does not end it with a traceback. Here a
    Ctrl-C meanwhile waits until the start is done."""
    with _main_module_hidden():
        if not hasattr(signal, "pthread_sigmask"):
            process.start()
            return
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Start the helper without the caller's main module. A spawned child imports the
    parent's `__main__` by its path (as `__mp_main__`) so that pickled functions defined there
    resolve; a script that calls `run_scan` without an `if __name__ == "__main__":` guard
    would then run again, side effects and all, inside the helper. The helper's code lives in
    this module, so it needs nothing from the main module: hide it while the process's
    start-up data is gathered (synchronously, in `start()`)."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


@contextmanager
def shared_evaluation(spec: HelperSpec | None, chunks: list[Chunk]) -> Iterator[SharedEvaluation]:
    """Start the helper process for `spec` at once (None: no helper), and yield the shared
    chunks; the helper is stopped and joined on the way out, whatever happened."""
    context = multiprocessing.get_context("spawn")
    counter = context.Value("q", 0)
    helper: _Helper | None = None
    if spec is not None:
        ours: Connection | None = None
        try:
            ours, theirs = context.Pipe()
            process = context.Process(
                target=helper_main, args=(counter, theirs), name="rsoman-scan-helper", daemon=True
            )
            try:
                _start(process)
            finally:
                theirs.close()  # the helper's copy is its own: its end closing means EOF here
            helper = _Helper(process, ours, spec)
        except Exception as exc:  # evaluated here instead
            if ours is not None:
                ours.close()
            log.warning(
                "the scan's helper process could not start (%s): offenders evaluated in the "
                "scanning process only",
                exc,
            )
    shared = SharedEvaluation(chunks, counter, helper)
    try:
        yield shared
    finally:
        if helper is not None:
            helper.stop()
