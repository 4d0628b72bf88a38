"""gunicorn settings for serving danvan: `gunicorn -c python:danvan.gunicorn_conf danvan.wsgi`.

Threads rather than many processes: a request spends much of its time waiting on the
database, and threads of one process also share the group commit of public submissions
(cases.services.receipts) and the per-process caches. `make bench` serves with this file.
"""

from __future__ import annotations

import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS", str(os.cpu_count() or 1)))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "8"))
# Clients (and a load balancer) that keep their connection open skip a handshake per request.
keepalive = int(os.environ.get("WEB_KEEPALIVE", "30"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
