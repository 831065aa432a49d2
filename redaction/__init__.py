"""PII redaction, keyed pseudonymisation, the evidence vault, retention and the audit log (see DATA_PROTECTION.md)."""

from __future__ import annotations

from redaction.redactor import Redacted, Redactor, find

__all__ = ["Redacted", "Redactor", "find"]
