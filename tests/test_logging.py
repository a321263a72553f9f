"""Refused requests are logged in one line; server errors keep their traceback."""

import logging
import sys

from config.logging import ClientErrorsWithoutTraceback


def _record(status: int) -> logging.LogRecord:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.LogRecord(
            "django.request", logging.WARNING, __file__, 1, "Forbidden", (), sys.exc_info()
        )
    record.status_code = status
    return record


def test_client_errors_lose_their_traceback():
    record = _record(403)
    assert ClientErrorsWithoutTraceback().filter(record) is True
    assert record.exc_info is None


def test_server_errors_keep_their_traceback():
    record = _record(500)
    assert ClientErrorsWithoutTraceback().filter(record) is True
    assert record.exc_info is not None
