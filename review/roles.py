"""Who may do what in the review app: three roles, one table of grants.

Every route names the one permission it needs (``require(Permission.X)``), so the role check is
visible at the route and a test can walk every route and prove none is left open.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """The three roles of the ``users`` table."""

    ANALYST = "analyst"
    SUPERVISOR = "supervisor"
    AUDITOR = "auditor"


class Permission(StrEnum):
    """A thing a route lets its caller do."""

    VIEW_QUEUE = "view_queue"  # the queue and the item pages (redacted text)
    DECIDE = "decide"  # claim, confirm, reject, escalate, bulk-decide a cluster
    REVEAL = "reveal"  # consult an original in the evidence vault (logged, with a justification)
    EXPORT = "export"  # build referral files and download past ones
    AUDIT = "audit"  # read the audit log and its chain verification


# Separation of duties: those who decide never audit, the auditor never sees content or decides.
# A supervisor's confirmation alone makes an item referable (the four-eyes rule lives in warehouse.queue).
GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ANALYST: frozenset({Permission.VIEW_QUEUE, Permission.DECIDE, Permission.REVEAL, Permission.EXPORT}),
    Role.SUPERVISOR: frozenset({Permission.VIEW_QUEUE, Permission.DECIDE, Permission.REVEAL, Permission.EXPORT}),
    Role.AUDITOR: frozenset({Permission.AUDIT}),
}

HOME: dict[Role, str] = {Role.ANALYST: "/queue", Role.SUPERVISOR: "/queue", Role.AUDITOR: "/audit"}


def can(role: str, permission: Permission) -> bool:
    """Whether ``role`` holds ``permission``; an unknown role holds nothing."""
    try:
        return permission in GRANTS[Role(role)]
    except ValueError:
        return False
