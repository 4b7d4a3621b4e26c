"""WSGI entry point for gunicorn: `gunicorn -c deploy/gunicorn.conf.py app.wsgi:app`.

The reverse proxy in front is trusted as configured by TRYGG_PROXY_HOPS (app/security.py).
"""

from app import create_app

app = create_app()
