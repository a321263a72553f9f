"""Logging helpers referenced from settings.LOGGING."""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """Keeps the one-line warning for a refused or unknown request (403, 404) but drops its
    traceback: those are expected answers, and a traceback each would bury real errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
