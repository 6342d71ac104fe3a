"""A pool of long-lived check processes: the one way the CLI and the GUI run a check.

    from core.pool import shared_pool
    result = shared_pool().check("草稿.docx")                 # CheckResult, or ReadError
    for fut in shared_pool().imap(paths, timeout=60):          # input order, in parallel
        fut.result()

Why processes at all: a hostile or broken file must not hang, crash or exhaust the app. Each
check runs in a *worker* process with its own time limit and memory limit; a worker that
crashes, runs out of time or memory, or whose check is cancelled is killed and replaced, and
the caller gets a ``ReadError`` saying why in Chinese (kinds "timeout", "cancelled",
"memory", "killed").  A Python exception inside the checker (a bug) is a ``RuntimeError``.

Why long-lived: a worker imports the readers and rules once (it warms up while idle, but a
waiting check always goes first), so a second check costs only the check itself.

Design
------
* **multiprocessing "spawn"**, not ``subprocess`` of ``sys.executable``: in the PyInstaller
  bundle ``sys.executable`` is the app itself, so a subprocess would need its own command-line
  dispatch in every entry point, while spawn is supported by PyInstaller through
  ``multiprocessing.freeze_support()`` (tools/entry_*.py), behaves the same on Linux and
  Windows (no fork: no inherited Qt state, threads or locks), passes ``sys.path`` to the
  worker, and gives pickling over pipes (named pipes on Windows, which work in a windowed
  app without console handles) for free.
* Two one-way pipes per worker (tasks parent -> worker, results worker -> parent).  One
  dispatcher thread in the parent owns all workers: it waits on the result pipes, the worker
  sentinels and a wake-up pipe, sends a worker one job at a time, enforces deadlines,
  cancels and the memory watchdog, and starts workers on demand (up to ``workers``; at least
  ``prestart(n)`` kept alive, warm).  Callers only ever block on their own ``CheckFuture``.
* **Parent death**: a thread in the worker waits on the task pipe (and on multiprocessing's
  parent sentinel); when the parent goes away the pipe reports end-of-file and the worker
  calls ``os._exit`` at once, even in the middle of a check (Linux and Windows alike).
* **Memory**: on Linux each worker sets ``RLIMIT_AS`` (``memory_limit``, default
  ``DEFAULT_MEMORY_LIMIT``), so an allocation beyond it fails: a ``MemoryError`` becomes
  ``ReadError(MSG_MEMORY, "memory")``, also when a reader swallowed it (found on the
  exception chain; or a failed check whose peak address space reached half the limit; or a
  result with reading problems whose peak reached 85 % of it), and a native library that
  aborts on a failed allocation (pdfium does) is reported as memory when the parent saw the
  worker's size past half the limit before it died.
  Where there is no ``RLIMIT_AS`` (Windows) the parent runs a watchdog on the worker's
  memory (private bytes via ``GetProcessMemoryInfo``, every 50 ms while it checks) and kills
  it beyond the limit; the same watchdog is used on Linux when ``use_rlimit=False``.  A
  worker whose peak reached half the limit retires after that check (address space is not
  given back), so memory stays bounded across checks.
* A result is pickled once by the worker, sent once, and not kept by the pool: the future
  holds it until the caller takes it; ``imap`` keeps at most a small window of futures.  On
  Linux the result pipe is enlarged to 1 MiB so that a worker does not wait for a busy
  parent to read its result (50-100 KB pickled) before going on.
* Workers ignore SIGINT: Ctrl+C belongs to the parent, which shuts the pool down.
"""
from __future__ import annotations

import atexit
import collections
import itertools
import logging
import math
import multiprocessing as mp
import os
import sys
import threading
import time
from multiprocessing.connection import wait as _wait_any
from multiprocessing.reduction import ForkingPickler

from .model import ReadError
from .readers import MSG_MEMORY

DEFAULT_TIMEOUT = 90.0
MiB = 1024 * 1024
DEFAULT_MEMORY_LIMIT = 768 * MiB   # address space of one worker (a warm worker uses ~100 MB)
MAX_WORKERS = 16                   # Windows waits on at most 64 handles; 2 per worker
POLL = 0.05                        # seconds between deadline / cancel / memory checks while busy
RETIRE_FRACTION = 0.5              # a worker whose peak reached this share of the limit retires
NEAR_FRACTION = 0.85               # a result whose check came this close to the limit is suspect
_CTX = mp.get_context("spawn")

log = logging.getLogger(__name__)


def default_workers() -> int:
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    env = os.environ.get("NIANBAO_WORKERS", "").strip()
    if env.isdigit() and int(env) > 0:
        n = int(env)
    return max(1, min(n, MAX_WORKERS))


def default_memory_limit() -> int:
    env = os.environ.get("NIANBAO_WORKER_MEMORY_MB", "").strip()
    if env.isdigit() and int(env) >= 128:
        return int(env) * MiB
    return DEFAULT_MEMORY_LIMIT


def _fmt_seconds(t: float) -> str:
    return f"{t:g}" if t < 10 else str(int(round(t)))


def _fmt_mb(n: int) -> str:
    return f"{n // MiB} MB"


def timeout_message(timeout: float) -> str:
    return (f"读取超过 {_fmt_seconds(timeout)} 秒仍未完成，文件可能结构异常；"
            "请用 WPS/Word 重新另存为 .docx 后再检查")


def memory_message(limit: int | None) -> str:
    if limit:
        return MSG_MEMORY.replace("超过上限", f"超过上限（{_fmt_mb(limit)}）", 1)
    return MSG_MEMORY


def death_message(exitcode: int | None) -> str:
    """Why a worker ended in the middle of a check, in words a clerk can pass on."""
    if exitcode is None:
        return "检查进程意外退出（原因不明）"
    if exitcode < 0:
        import signal
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"信号 {-exitcode}"
        if name == "SIGKILL":
            return f"检查进程被强行结束（{name}），可能是系统内存不足或被其他程序结束"
        if name in ("SIGSEGV", "SIGBUS", "SIGILL", "SIGFPE"):
            return f"检查进程读取文件时崩溃（{name}），文件可能结构异常；请用 WPS/Word 重新另存后再试"
        if name == "SIGABRT":
            return f"检查进程读取文件时异常中止（{name}），文件可能结构异常；请用 WPS/Word 重新另存后再试"
        return f"检查进程被系统信号终止（{name}）"
    code = exitcode & 0xFFFFFFFF
    windows = {0xC0000005: "内存访问错误", 0xC00000FD: "栈溢出", 0xC0000017: "内存不足",
               0xC0000409: "异常中止", 0x40010004: "被系统结束", 1: None}
    if code in windows and windows[code]:
        return f"检查进程读取文件时崩溃（{windows[code]}，代码 0x{code:08X}），文件可能结构异常"
    return f"检查进程意外退出（退出码 {exitcode}）"


# ======================================================================= the worker side

def _memory_error_in_chain(e: BaseException | None, depth: int = 0) -> bool:
    if e is None or depth > 8:
        return False
    if isinstance(e, MemoryError):
        return True
    return (_memory_error_in_chain(e.__cause__, depth + 1)
            or _memory_error_in_chain(e.__context__, depth + 1))


def _self_vm() -> tuple[int, int]:
    """(peak address space, current resident size) of this process in bytes; 0 where unknown."""
    peak = rss = 0
    try:
        with open("/proc/self/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmPeak:"):
                    peak = int(line.split()[1]) * 1024
                elif line.startswith(b"VmRSS:"):
                    rss = int(line.split()[1]) * 1024
    except OSError:
        pass
    if not peak:
        mem = _win_memory(None)
        if mem:
            peak, rss = mem[1], mem[0]
    return peak, rss


def _limit_memory(limit: int) -> bool:
    try:
        import resource
    except ImportError:
        return False
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY and hard < limit:
            limit = hard
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        return True
    except (ValueError, OSError):
        return False


def _warm_steps():
    """Imports and caches a check needs, as (idle seconds before it, step): a waiting check
    always goes first, and the PDF libraries (~0.4 s) wait for a pause so that a check sent
    right after another one is not held up by them."""
    def readers():
        import core.check  # noqa: F401
        import core.readers.docx  # noqa: F401
        import core.readers.text  # noqa: F401

    def rules():
        from core.check import check_document
        from core.model import Document, Location, Paragraph
        doc = Document(path="预热.txt", format="txt", blocks=[
            Paragraph(0, "某某局2024年政府信息公开工作年度报告", Location(line=1)),
            Paragraph(1, "一、总体情况", Location(line=2))])
        check_document(doc)

    def pdfium():
        import pypdfium2  # noqa: F401

    def pdfminer():
        import pdfminer.pdfinterp  # noqa: F401
        import pdfminer.layout  # noqa: F401

    def pdfplumber():
        import pdfplumber  # noqa: F401
        import core.readers.pdf  # noqa: F401

    return [(0.02, readers), (0.0, rules), (0.5, pdfium), (0.1, pdfminer), (0.1, pdfplumber)]


def _big_pipe(conn, size: int = 1024 * 1024) -> None:
    """A result (typically 50-100 KB pickled) fits in the pipe at once (Linux): the worker goes
    on with the next check instead of waiting for a busy parent to read the rest."""
    try:
        import fcntl
        fcntl.fcntl(conn.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), size)
    except (ImportError, OSError, ValueError, AttributeError):
        pass


def _watch_parent(task_r, jobs) -> None:
    """Read jobs from the parent; exit the process the moment the parent goes away."""
    parent = mp.parent_process()
    sentinel = getattr(parent, "sentinel", None) if parent is not None else None
    waitables = [task_r] + ([sentinel] if sentinel is not None else [])
    try:
        while True:
            ready = _wait_any(waitables)
            if task_r not in ready:
                os._exit(0)          # the parent process ended
            msg = task_r.recv()      # EOFError when the parent closed the pipe or died
            if msg is None:
                os._exit(0)
            jobs.put(msg)
    except BaseException:
        os._exit(0)


def _worker_main(task_r, result_w, memory_limit: int, use_rlimit: bool, warm: bool,
                 max_checks: int) -> None:
    import queue
    import signal
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl+C is for the parent
    except (ValueError, OSError):
        pass
    limited = _limit_memory(memory_limit) if use_rlimit else False
    _big_pipe(result_w)
    jobs: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_watch_parent, args=(task_r, jobs), name="parent-watch", daemon=True).start()
    steps = _warm_steps() if warm else []
    checks = 0
    try:
        result_w.send(("hello", os.getpid(), limited))
        while True:
            if steps:
                delay, step = steps[0]
                try:
                    msg = jobs.get(timeout=delay) if delay > 0 else jobs.get_nowait()
                except queue.Empty:
                    steps.pop(0)
                    try:
                        step()
                    except Exception:  # noqa: BLE001  (a real check will report it)
                        pass
                    if not steps:
                        result_w.send(("ready", os.getpid()))
                    continue
            else:
                msg = jobs.get()
            job_id, path, target, previous = msg
            checks += 1
            result_w.send(("started", job_id))
            reply = _run_one(path, target, memory_limit, previous)
            retire = reply[-1] or checks >= max_checks
            try:
                result_w.send(("done", job_id) + reply[:-1] + (retire,))
            except MemoryError:
                result_w.send(("done", job_id, "read_error", (memory_message(memory_limit), "memory"), True))
                retire = True
            except Exception as e:  # noqa: BLE001  (a result that cannot be pickled: a bug)
                result_w.send(("done", job_id, "crash", f"结果无法传回：{type(e).__name__}: {e}", retire))
            reply = None
            if retire:
                os._exit(0)
    except (EOFError, OSError, BrokenPipeError):
        os._exit(0)


def _run_one(path: str, target, memory_limit: int, previous: str | None = None):
    """Run one check: (status, payload, retire)."""
    status = payload = None
    failed_by: BaseException | None = None
    try:
        if target is None:
            from core.check import check_file as target
        result = target(path) if previous is None else target(path, previous=previous)
        status, payload = "ok", result
    except ReadError as e:
        status, payload, failed_by = "read_error", (e.message, e.kind), e
    except MemoryError as e:
        status, payload, failed_by = "read_error", (memory_message(memory_limit), "memory"), e
    except BaseException as e:  # report, never a traceback in the parent
        import traceback
        status, payload, failed_by = "crash", f"{type(e).__name__}: {e}\n{traceback.format_exc()}", e
    result = None
    peak, _rss = _self_vm()
    high = bool(peak) and peak >= RETIRE_FRACTION * memory_limit
    memory = payload[1] == "memory" if status == "read_error" else False
    if not memory and failed_by is not None and _memory_error_in_chain(failed_by):
        memory = True
    # a reader may have swallowed the MemoryError: a failed check whose peak address space
    # went past the retirement mark, or a result with reading problems whose peak came close
    # to the limit itself, is called what it most likely is
    near = bool(peak) and peak >= NEAR_FRACTION * memory_limit
    if not memory and ((status != "ok" and high) or (near and _has_reading_problems(payload))):
        memory = True
    failed_by = None
    if memory:
        status, payload = "read_error", (memory_message(memory_limit), "memory")
    return status, payload, memory or high


def _has_reading_problems(result) -> bool:
    try:
        return bool(result.report.document.reading_problems)
    except AttributeError:
        return False


# ======================================================================= the parent side

def _win_memory(handle) -> tuple[int, int] | None:
    """(private bytes, peak private bytes) of a process on Windows (``None``: this process)."""
    if sys.platform != "win32":
        return None
    try:
        import ctypes
        from ctypes import wintypes

        class PMC(ctypes.Structure):
            _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD),
                        ("PeakWorkingSetSize", ctypes.c_size_t), ("WorkingSetSize", ctypes.c_size_t),
                        ("QuotaPeakPagedPoolUsage", ctypes.c_size_t), ("QuotaPagedPoolUsage", ctypes.c_size_t),
                        ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
                        ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
                        ("PagefileUsage", ctypes.c_size_t), ("PeakPagefileUsage", ctypes.c_size_t),
                        ("PrivateUsage", ctypes.c_size_t)]
        k32 = ctypes.WinDLL("kernel32", use_last_error=True)
        k32.GetCurrentProcess.restype = wintypes.HANDLE
        k32.K32GetProcessMemoryInfo.argtypes = [wintypes.HANDLE, ctypes.POINTER(PMC), wintypes.DWORD]
        h = k32.GetCurrentProcess() if handle is None else wintypes.HANDLE(handle)
        pmc = PMC()
        pmc.cb = ctypes.sizeof(PMC)
        if not k32.K32GetProcessMemoryInfo(h, ctypes.byref(pmc), pmc.cb):
            return None
        return int(pmc.PrivateUsage), int(pmc.PeakPagefileUsage)
    except Exception:  # noqa: BLE001
        return None


def _process_memory(proc) -> int | None:
    """Current size of a worker as the memory limit sees it: address space on Linux (what
    RLIMIT_AS limits), private bytes on Windows; ``None`` where it cannot be read."""
    try:
        with open(f"/proc/{proc.pid}/statm", "rb") as f:
            fields = f.read().split()
        return int(fields[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    handle = getattr(getattr(proc, "_popen", None), "_handle", None)
    if handle is not None:
        mem = _win_memory(handle)
        if mem:
            return mem[0]
    return None


def _process_rss(proc) -> int | None:
    try:
        with open(f"/proc/{proc.pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return _process_memory(proc)


class CheckFuture:
    """The outcome of one submitted check.  ``result()`` returns the CheckResult or raises
    ``ReadError`` / ``RuntimeError``; ``cancel()`` stops it (queued or running)."""

    def __init__(self, pool: "CheckPool", job_id: int, path: str, timeout: float,
                 cancel_event: threading.Event | None):
        self.pool, self.job_id, self.path, self.timeout = pool, job_id, path, timeout
        self.cancel_event = cancel_event
        self.started = threading.Event()   # a worker began this check
        self.worker_pid: int | None = None
        self.seconds: float | None = None  # time spent in the worker (from start to result)
        self._done = threading.Event()
        self._outcome: tuple[str, object] | None = None
        self._cancelled = False

    # -- caller side
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def cancel(self) -> None:
        if not self._done.is_set():
            self._cancelled = True
            self.pool._wake()

    @property
    def cancel_requested(self) -> bool:
        return self._cancelled or (self.cancel_event is not None and self.cancel_event.is_set())

    def outcome(self) -> tuple[str, object]:
        """("ok", CheckResult) | ("read_error", ReadError) | ("crash", RuntimeError); waits."""
        self._done.wait()
        return self._outcome

    def result(self, timeout: float | None = None):
        if not self._done.wait(timeout):
            raise TimeoutError(self.path)
        status, payload = self._outcome
        if status == "ok":
            return payload
        raise payload

    # -- pool side
    def _set(self, status: str, payload) -> None:
        if self._done.is_set():
            return
        if status == "read_error" and not isinstance(payload, BaseException):
            payload = ReadError(*payload)
        elif status == "crash" and not isinstance(payload, BaseException):
            payload = RuntimeError(payload)
        self._outcome = (status, payload)
        self._done.set()


class _Job:
    __slots__ = ("future", "message", "sent_at", "deadline")

    def __init__(self, future: CheckFuture, message: bytes):
        self.future, self.message = future, message
        self.sent_at = self.deadline = 0.0


class _Worker:
    def __init__(self, proc, task_w, result_r):
        self.proc, self.task_w, self.result_r = proc, task_w, result_r
        self.pid = proc.pid
        self.job: _Job | None = None
        self.warm = False
        self.limited = False      # RLIMIT_AS in effect in the worker
        self.retiring = False
        self.retired_at = 0.0
        self.checks = 0
        self.peak = 0             # largest size the parent saw while it checked
        self.started_at = time.monotonic()
        self.said_hello = False


class CheckPool:
    """See the module docstring.  Thread-safe; all worker handling is on one dispatcher thread."""

    def __init__(self, workers: int | None = None, *, memory_limit: int | None = None,
                 use_rlimit: bool = True, warm: bool = True, max_checks_per_worker: int = 500,
                 name: str = "check-pool"):
        self.size = max(1, min(int(workers or default_workers()), MAX_WORKERS))
        self.memory_limit = int(memory_limit or default_memory_limit())
        self.use_rlimit = use_rlimit
        self.warm = warm
        self.max_checks = max(1, int(max_checks_per_worker))
        self.name = name
        self._lock = threading.RLock()   # guards _pending, _workers, _closed, _woken
        self._pending: collections.deque[_Job] = collections.deque()
        self._workers: list[_Worker] = []
        self._ids = itertools.count(1)
        self._min_workers = 0
        self._closed = False
        self._wake_r, self._wake_w = _CTX.Pipe(duplex=False)
        self._woken = False
        self._thread: threading.Thread | None = None
        self._startup_failures = 0
        self._pid = os.getpid()
        self.started_workers = 0   # statistics (tests, bench)
        self.killed_workers = 0

    # ------------------------------------------------------------------ public API
    def submit(self, path: str | os.PathLike, *, timeout: float | None = None,
               cancel: threading.Event | None = None, target=None,
               previous: str | os.PathLike | None = None) -> CheckFuture:
        """Queue a check of ``path`` (compared with last year's report ``previous`` if given);
        ``target`` (a module-level function of a path) replaces ``core.check.check_file`` (tests)."""
        timeout = DEFAULT_TIMEOUT if timeout is None else float(timeout)
        if not (math.isfinite(timeout) and timeout > 0):
            raise ValueError("timeout must be a finite positive number of seconds")
        job_id = next(self._ids)
        fut = CheckFuture(self, job_id, os.fspath(path), timeout, cancel)
        prev = os.fspath(previous) if previous is not None else None
        message = bytes(ForkingPickler.dumps((job_id, fut.path, target, prev)))  # fails here, not later
        with self._lock:
            if self._closed:
                raise RuntimeError("检查进程池已关闭")
            self._pending.append(_Job(fut, message))
            self._ensure_thread()
        self._wake()
        return fut

    def check(self, path, *, timeout: float | None = None, cancel: threading.Event | None = None,
              target=None, previous=None):
        """Check one file in a worker and wait: the CheckResult, or ReadError / RuntimeError."""
        fut = self.submit(path, timeout=timeout, cancel=cancel, target=target, previous=previous)
        try:
            return fut.result()
        except BaseException:
            if not fut.done():      # KeyboardInterrupt while waiting: do not leave it running
                fut.cancel()
            raise

    def imap(self, paths, *, timeout: float | None = None, cancel: threading.Event | None = None,
             target=None, window: int | None = None, previous=None):
        """Check many files in parallel; yield their (finished) futures in input order.
        At most ``window`` checks are queued, running or finished-but-not-yet-yielded at a time
        (default: 6 per worker, at least 8), so memory stays bounded while a slow file at the
        head of the line does not leave the other workers idle."""
        window = max(1, window or max(8, 6 * self.size))
        it = iter(paths)
        queue: collections.deque[CheckFuture] = collections.deque()

        def fill() -> None:
            while len(queue) < window:
                p = next(it, None)
                if p is None:
                    return
                queue.append(self.submit(p, timeout=timeout, cancel=cancel, target=target,
                                         previous=previous))

        try:
            fill()
            while queue:
                fut = queue.popleft()
                fut.wait()
                fill()
                yield fut
                fut = None
        finally:
            for f in queue:
                f.cancel()

    def prestart(self, n: int = 1) -> None:
        """Keep at least ``n`` workers alive and warm (started in the background)."""
        with self._lock:
            if self._closed:
                return
            self._min_workers = max(self._min_workers, min(int(n), self.size))
            self._ensure_thread()
        self._wake()

    def stats(self) -> dict:
        with self._lock:
            workers = [(w.pid, w.warm, w.job is not None) for w in self._workers]
        return {"workers": workers, "started": self.started_workers, "killed": self.killed_workers,
                "pending": len(self._pending), "size": self.size, "memory_limit": self.memory_limit}

    def worker_pids(self) -> list[int]:
        return [p for p, _, _ in self.stats()["workers"]]

    def wait_warm(self, n: int = 1, timeout: float = 30.0) -> bool:
        """Wait until ``n`` workers have finished warming up (bench, tests)."""
        self.prestart(n)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if sum(1 for _, warm, _ in self.stats()["workers"] if warm) >= n:
                return True
            time.sleep(0.02)
        return False

    def shutdown(self, wait: bool = True, timeout: float = 5.0) -> None:
        """Cancel what is queued or running and end the workers."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
        self._wake()
        if thread is not None and wait and thread is not threading.current_thread():
            thread.join(timeout)

    close = shutdown

    @property
    def closed(self) -> bool:
        return self._closed

    # ------------------------------------------------------------------ dispatcher
    def _ensure_thread(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()

    def _wake(self) -> None:
        with self._lock:
            if self._woken:
                return
            self._woken = True
        try:
            self._wake_w.send_bytes(b"!")
        except (OSError, ValueError):
            pass

    def _run(self) -> None:
        try:
            while self._step():
                pass
        except BaseException:  # noqa: BLE001  (never a silent hang: fail what is waiting)
            log.exception("检查进程池出错")
            with self._lock:
                self._closed = True
            self._fail_all("检查进程池出错，请重新检查")
        finally:
            self._stop_workers()

    def _step(self) -> bool:
        with self._lock:
            closed = self._closed
        if closed:
            self._fail_all("检查已取消", cancelled=True)
            return False
        self._cancel_pending()
        self._dispatch()
        now = time.monotonic()
        busy = [w for w in self._workers if w.job is not None]
        timeout = None
        if busy or self._pending:
            timeout = POLL
            nearest = min((w.job.deadline for w in busy), default=now + POLL)
            timeout = max(0.0, min(timeout, nearest - now))
        waitables = [self._wake_r]
        for w in self._workers:
            waitables += [w.result_r, w.proc.sentinel]
        ready = _wait_any(waitables, timeout)
        if self._wake_r in ready:
            try:
                while self._wake_r.poll():
                    self._wake_r.recv_bytes()
            except (OSError, EOFError):
                pass
            with self._lock:   # after draining: a wake from now on sends a byte again
                self._woken = False
        for w in list(self._workers):
            if w.result_r in ready:
                self._read(w)
            if w in self._workers and w.proc.sentinel in ready:
                self._read(w)          # whatever it sent before it ended comes first
                self._ended(w)
        now = time.monotonic()
        for w in list(self._workers):
            if w.job is not None:
                self._police(w, now)
            elif w.retiring and now - w.retired_at > 5:   # it should have ended by itself
                self._kill(w)
        return True

    def _next_pending(self) -> _Job | None:
        with self._lock:
            return self._pending.popleft() if self._pending else None

    def _dispatch(self) -> None:
        idle = [w for w in self._workers if w.job is None and not w.retiring]
        while idle:
            job = self._next_pending()
            if job is None:
                break
            self._send(idle.pop(0), job)
        if self._startup_failures >= 3:   # workers die before they start: do not loop
            self._startup_failures = 0
            self._min_workers = 0
            self._fail_pending("无法启动检查进程，请重新安装本程序或联系信息化人员")
            return
        alive = sum(1 for w in self._workers if not w.retiring)
        want = max(self._min_workers, min(self.size, alive + len(self._pending)))
        while alive < min(want, self.size):
            w = self._spawn()
            if w is None:
                break
            alive += 1
            job = self._next_pending()
            if job is not None:
                self._send(w, job)

    def _spawn(self) -> _Worker | None:
        task_r, task_w = _CTX.Pipe(duplex=False)
        result_r, result_w = _CTX.Pipe(duplex=False)
        proc = _CTX.Process(target=_worker_main, name="nianbao-check-worker", daemon=True,
                            args=(task_r, result_w, self.memory_limit, self.use_rlimit, self.warm,
                                  self.max_checks))
        try:
            proc.start()
        except Exception:  # noqa: BLE001
            log.exception("无法启动检查进程")
            for c in (task_r, task_w, result_r, result_w):
                c.close()
            self._startup_failures += 1
            if self._startup_failures >= 3:
                self._fail_pending("无法启动检查进程，请重新安装本程序或联系信息化人员")
                self._startup_failures = 0
            return None
        task_r.close()
        result_w.close()
        w = _Worker(proc, task_w, result_r)
        with self._lock:
            self._workers.append(w)
        self.started_workers += 1
        return w

    def _send(self, w: _Worker, job: _Job) -> None:
        now = time.monotonic()
        job.sent_at = now
        job.deadline = now + job.future.timeout
        w.job = job
        w.peak = 0
        job.future.worker_pid = w.pid
        try:
            w.task_w.send_bytes(job.message)
        except (OSError, ValueError):
            pass  # the worker is gone: its sentinel says so on the next round

    def _read(self, w: _Worker) -> None:
        try:
            while w.result_r.poll():
                msg = w.result_r.recv()
                self._message(w, msg)
        except (EOFError, OSError):
            pass
        except Exception as e:  # noqa: BLE001  (a result that cannot be unpickled here)
            self._kill(w, ("crash", f"检查结果无法读取：{type(e).__name__}: {e}"))

    def _message(self, w: _Worker, msg) -> None:
        kind = msg[0]
        if kind == "hello":
            w.said_hello, w.limited = True, bool(msg[2])
            self._startup_failures = 0
        elif kind == "ready":
            w.warm = True
        elif kind == "started":
            if w.job is not None and w.job.future.job_id == msg[1]:
                now = time.monotonic()
                w.job.deadline = now + w.job.future.timeout   # warm-up time is not the file's
                w.job.sent_at = now
                w.job.future.started.set()
        elif kind == "done":
            _, job_id, status, payload, retire = msg
            w.checks += 1
            if w.job is not None and w.job.future.job_id == job_id:
                fut = w.job.future
                fut.seconds = time.monotonic() - w.job.sent_at
                w.job = None
                fut._set(status, payload)
            payload = msg = None
            if retire:
                w.retiring, w.retired_at = True, time.monotonic()

    def _ended(self, w: _Worker) -> None:
        """A worker process ended: its check (if any) fails with the reason; it is replaced."""
        w.proc.join(1)
        code = w.proc.exitcode
        if w.job is not None:
            if self._near_limit(w):
                w.job.future._set("read_error", (memory_message(self.memory_limit), "memory"))
            else:
                w.job.future._set("read_error", (death_message(code), "killed"))
            w.job = None
        if not w.said_hello and not w.retiring:
            self._startup_failures += 1
        self._forget(w)

    def _near_limit(self, w: _Worker) -> bool:
        return w.peak >= RETIRE_FRACTION * self.memory_limit

    def _police(self, w: _Worker, now: float) -> None:
        """Deadline, cancel and memory of a busy worker."""
        fut = w.job.future
        if fut.cancel_requested:
            self._kill(w, ("read_error", ("检查已取消", "cancelled")))
            return
        size = _process_memory(w.proc)
        if size is not None:
            w.peak = max(w.peak, size)
            # with RLIMIT_AS in effect the kernel enforces the limit; the watchdog is the backstop
            watchdog = self.memory_limit if not w.limited else self.memory_limit + 256 * MiB
            if size > watchdog:
                self._kill(w, ("read_error", (memory_message(self.memory_limit), "memory")))
                return
        if now > w.job.deadline:
            self._kill(w, ("read_error", (timeout_message(fut.timeout), "timeout")))

    def _kill(self, w: _Worker, outcome: tuple[str, object] | None = None) -> None:
        """End a worker now; its check (if any) gets ``outcome`` once the process is gone."""
        try:
            w.proc.kill()
        except (OSError, ValueError, AttributeError):
            pass
        w.proc.join(2)
        self.killed_workers += 1
        if w.job is not None:
            w.job.future._set(*(outcome or ("read_error", (death_message(w.proc.exitcode), "killed"))))
            w.job = None
        self._forget(w)

    def _forget(self, w: _Worker) -> None:
        with self._lock:
            if w in self._workers:
                self._workers.remove(w)
        for c in (w.task_w, w.result_r):
            try:
                c.close()
            except OSError:
                pass
        try:
            w.proc.close()
        except (ValueError, AttributeError):
            pass

    def _cancel_pending(self) -> None:
        with self._lock:
            if not any(job.future.cancel_requested for job in self._pending):
                return
            keep: collections.deque[_Job] = collections.deque()
            for job in self._pending:
                if job.future.cancel_requested:
                    job.future._set("read_error", ("检查已取消", "cancelled"))
                else:
                    keep.append(job)
            self._pending = keep

    def _fail_pending(self, message: str) -> None:
        while (job := self._next_pending()) is not None:
            job.future._set("crash", message)

    def _fail_all(self, message: str, cancelled: bool = False) -> None:
        outcome = ("read_error", (message, "cancelled")) if cancelled else ("crash", message)
        while (job := self._next_pending()) is not None:
            job.future._set(*outcome)
        for w in self._workers:
            if w.job is not None:
                w.job.future._set(*outcome)

    def _stop_workers(self) -> None:
        for w in list(self._workers):
            try:
                w.task_w.close()          # the worker sees end-of-file and exits by itself
            except OSError:
                pass
        end = time.monotonic() + 1.0
        for w in list(self._workers):
            w.proc.join(max(0.0, end - time.monotonic()) if w.job is None else 0)
            if w.proc.exitcode is None:
                try:
                    w.proc.kill()
                except (OSError, ValueError, AttributeError):
                    pass
                w.proc.join(1)
            self._forget(w)
        for c in (self._wake_r, self._wake_w):
            try:
                c.close()
            except OSError:
                pass


# ======================================================================= the process's pool

_shared: CheckPool | None = None
_shared_lock = threading.Lock()
_shared_options: dict = {}


def configure_shared_pool(**options) -> None:
    """Options for the shared pool (``workers``, ``memory_limit`` …); applies to the next one
    created (the current one, if any, is shut down)."""
    global _shared
    with _shared_lock:
        _shared_options.clear()
        _shared_options.update(options)
        old, _shared = _shared, None
    if old is not None:
        old.shutdown()


def shared_pool() -> CheckPool:
    """The process's pool, created on first use, shut down at exit."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared.closed or _shared._pid != os.getpid():
            _shared = CheckPool(**_shared_options)
        return _shared


def shutdown_shared_pool(wait: bool = True) -> None:
    global _shared
    with _shared_lock:
        pool, _shared = _shared, None
    if pool is not None:
        pool.shutdown(wait=wait)


atexit.register(shutdown_shared_pool)
