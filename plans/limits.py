"""Documents are rendered under a time and a memory limit.

Laying out a PDF (WeasyPrint) or building a Word file costs time and memory in proportion to
the text, and the request waits for it. The costly step runs in a forked child process with
an address-space limit; when it takes longer than LOA_DOCUMENT_SECONDS or needs more than
LOA_DOCUMENT_MEGABYTES above what the worker already uses, the child is stopped and the
person is told, in Vietnamese, instead of a worker being held for minutes. The child never
touches the database: it receives a document already built from it."""

import multiprocessing
import os
import resource
import traceback

from django.conf import settings


class DocumentTooCostly(Exception):
    """The document could not be rendered within the limits."""


def _virtual_memory_bytes():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _child(connection, budget, func, args, kwargs):
    try:
        if budget:
            limit = _virtual_memory_bytes() + budget
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        connection.send((True, func(*args, **kwargs)))
    except MemoryError:
        connection.send((False, "memory"))
    except BaseException:  # reported to the parent, which raises it there
        connection.send((False, traceback.format_exc()))
    finally:
        connection.close()
        os._exit(0)


def run_limited(func, *args, **kwargs):
    """func(*args, **kwargs) in a child process, within the configured limits."""
    seconds = settings.LOA_DOCUMENT_SECONDS
    budget = int(settings.LOA_DOCUMENT_MEGABYTES * 1024 * 1024)
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sending, budget, func, args, kwargs))
    child.start()
    sending.close()
    try:
        if not receiving.poll(seconds):
            raise DocumentTooCostly(f"took more than {seconds} s")
        try:
            ok, result = receiving.recv()
        except EOFError as exc:  # the child died (killed for memory, a crash)
            raise DocumentTooCostly("the rendering process ended without a result") from exc
    finally:
        receiving.close()
        if child.is_alive():
            child.kill()
        child.join()
    if ok:
        return result
    if result == "memory":
        raise DocumentTooCostly(f"needed more than {settings.LOA_DOCUMENT_MEGABYTES} MB")
    raise RuntimeError(f"Rendering failed in the child process:\n{result}")
