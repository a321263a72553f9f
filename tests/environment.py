"""Loaded by pytest before Django's settings (`-p tests.environment` in pyproject.toml), so
plain `pytest` and `python -m pytest` from an editor run the suite as `make test` does.

The settings default to production (DEBUG off, a secret key required); the tests run the
development configuration unless the caller's environment says otherwise.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")
