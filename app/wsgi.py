"""WSGI entry point for gunicorn: `gunicorn -c deploy/gunicorn.conf.py app.wsgi:app`."""

from werkzeug.middleware.proxy_fix import ProxyFix

from app import create_app

# Behind the reverse proxy: trust its scheme and host headers (for HTTPS redirects and
# external links) but not X-Forwarded-For, since residents' addresses are never used.
app = ProxyFix(create_app(), x_for=0, x_proto=1, x_host=1)
