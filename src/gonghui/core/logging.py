"""A logging filter that removes ID numbers and mobile numbers from every log record."""
import logging
import re

_PATTERNS = [
    re.compile(r"(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}[01][0-9][0-3][0-9][0-9]{3}[0-9Xx](?![0-9])"),
    re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])"),
]


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub("[已隐去]", text)
    return text


class RedactPII(logging.Filter):
    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is still logged, untouched
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class JSONLines(logging.Formatter):
    """One JSON object per record (GONGHUI_LOG_JSON=1): time, level, logger, request id, message, and the
    traceback when there is one, each passed through ``redact`` like the message itself."""

    def format(self, record):
        import json

        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}",
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "correlation_id", None),
            "message": redact(record.getMessage()),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)
