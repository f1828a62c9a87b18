"""gunicorn settings for Loa (`gunicorn -c config/gunicorn_conf.py config.wsgi`).

Workers, bind address and timeouts stay on the command line of each deployment."""

import gc


def post_request(worker, req, environ, resp):
    """Collect the request's garbage once its response has been sent.

    Django's forms, querysets and template contexts hold reference cycles that only the cycle
    collector frees (the plan editor leaves about 6,600 such objects per request). Left to the
    automatic collector, they are walked in the middle of later requests, together with those
    requests' live objects, in pauses of 30 to 70 ms: the tail of the heaviest pages. Here,
    with Django itself frozen out of reach (config/wsgi.py), a full collection takes about
    1 ms and nobody waits for it."""
    gc.collect()
