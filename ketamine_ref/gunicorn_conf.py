"""gunicorn's settings, for `make serve` and any deployment:
``gunicorn -c python:ketamine_ref.gunicorn_conf``. Read from the environment like the app's."""

from ketamine_ref.env import env_int, env_str
from ketamine_ref.logs import logging_config

wsgi_app = "ketamine_ref.wsgi:application"
# Behind a TLS-terminating proxy on the same machine by default; 0.0.0.0:8000 for a remote one.
bind = env_str("SERVE_ADDRESS", "127.0.0.1:8000")
# Sync workers, each serving one request at a time: about two per core.
workers = env_int("WEB_CONCURRENCY", 2)
# gunicorn's own lines (start, stop, a worker timing out) as JSON too; the app logs each request.
logconfig_dict = logging_config()
