"""gunicorn settings for the CMS, matched to the limits every request is held to.

    gunicorn -c deploy/gunicorn.conf.py site_cms.wsgi

The numbers come from ``content_pages/foundations/limits.py`` (and
``tests/deploy/test_gunicorn_conf.py`` checks that they agree); ``docs/operations.md``
says how they fit together with Django's upload settings and a proxy in front. Each
can be overridden from the environment for one installation, as below.

- Headers: gunicorn limits the request line and each header; the body is not gunicorn's
  to limit (a proxy's ``client_max_body_size``, ``REQUEST_BODY_MAX_BYTES``, and Django's
  ``DATA_UPLOAD_MAX_MEMORY_SIZE`` are).
- Timeout: the longest a request may take before the worker is killed and restarted. The
  slowest bounded request is an editor's save of an article whose body, in each of the
  three languages, is at its limits (``STREAM_TEXT_MAX`` characters in texts of
  ``TEXT_MAX``), every channel checked in every language. Measured on the development
  machine: one 10,000-character paragraph's channel checks take about 2.5 s of CPU, four
  of them 7.3 s (``bench/split_timing.py`` times the splitting alone), so that save takes
  about ``WORST_REQUEST_SECONDS``. The timeout is ``TIMEOUT_MARGIN`` times that, so a
  slower or busier machine does not kill a save that is only slow.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from content_pages.foundations import limits

# Seconds the slowest bounded request took (see above), and the margin over it.
WORST_REQUEST_SECONDS = 40
TIMEOUT_MARGIN = 3

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", str(WORST_REQUEST_SECONDS * TIMEOUT_MARGIN)))
# A worker asked to stop (a deployment) finishes the request it is serving first.
graceful_timeout = timeout
keepalive = 5
# The request line (method, path, query string) and headers: gunicorn's largest allowed
# line and header size, so long API query strings and cookies pass; bodies are limited by
# Django and the proxy (module docstring).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# A worker is replaced after this many requests (with jitter, so not all at once): any
# memory a request left behind is returned.
max_requests = 1000
max_requests_jitter = 100
# gunicorn's control socket (for ``gunicornc``) is one path per user unless named: a second
# web process on the machine (``health-cms-web@8002``) would take over the first one's. Off,
# unless GUNICORN_CONTROL_SOCKET names a path for this process.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
# What a proxy in front should allow as a request body, for its configuration; gunicorn
# itself does not read this name.
request_body_max_bytes = limits.REQUEST_BODY_MAX_BYTES
