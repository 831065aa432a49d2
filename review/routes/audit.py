"""The auditor's view: the audit log with filters and the chain verification result."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
