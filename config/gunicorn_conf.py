"""gunicorn settings for Loa (`gunicorn -c config/gunicorn_conf.py config.wsgi`).

Workers, bind address and timeouts stay on the command line of each deployment."""

import gc
import os
import threading
import time

# Requests after which a worker freezes what has survived so far (see post_request).
FREEZE_AFTER = frozenset({50, 500})
served = 0


def post_request(worker, req, environ, resp):
    """Collect the request's garbage once its response has been sent.

    Django's forms, querysets and template contexts hold reference cycles that only the cycle
    collector frees (the plan editor leaves about 6,600 such objects per request). Left to the
    automatic collector, they are walked in the middle of later requests, together with those
    requests' live objects, in pauses of 30 to 70 ms: the tail of the heaviest pages. Here,
    nobody waits for it.

    Django itself is frozen out of the collector's reach at start-up (config/wsgi.py), but a
    warm worker builds tens of thousands more objects that live as long as it does (compiled
    templates, URL resolvers, translation catalogues, cached lookups). Unfrozen, every
    collection walks them again (20-58 ms); frozen after the 50th and the 500th request, a
    collection walks only what the last request left (tests/perf/gc_cost.py measures it)."""
    global served
    gc.collect()
    served += 1
    if served in FREEZE_AFTER:
        gc.freeze()
    if CPU_LOG:
        _log_cpu(req)


# The load test (scripts/loadtest/run.py) sets LOA_REQUEST_CPU_LOG to a folder: each worker
# then writes there the CPU time of every request its threads served, collection included.
CPU_LOG = os.environ.get("LOA_REQUEST_CPU_LOG")
_log_lock = threading.Lock()


def pre_request(worker, req):
    if CPU_LOG:
        req.loa_cpu_started = time.thread_time()


def _log_cpu(req):
    started = getattr(req, "loa_cpu_started", None)
    if started is None:
        return
    line = f"{req.method}\t{req.path}\t{(time.thread_time() - started) * 1000:.2f}\n"
    with _log_lock, open(os.path.join(CPU_LOG, f"{os.getpid()}.tsv"), "a") as log:
        log.write(line)
