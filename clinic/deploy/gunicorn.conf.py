"""gunicorn settings for the clinic site (`gunicorn clinic.wsgi -c clinic/deploy/gunicorn.conf.py`).

Environment: BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (workers; default 2 × cores + 1),
GUNICORN_TIMEOUT (default 30 s)."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, a guard against slow memory growth (handout layouts run in render
# children that recycle themselves, handouts.isolation). A boot costs ~1.3 s of one core (imports);
# the jitter is wide so that workers are not all restarting at the same moment.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 2
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - heartbeat files
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# Never log query strings of POSTs or bodies; the access log holds method, path, status, size, time.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "clinic-web"
# gunicorn 27's control socket (~/.gunicorn/gunicorn.ctl) would be shared by every instance on a
# machine; nothing here uses it.
control_socket_disable = True
