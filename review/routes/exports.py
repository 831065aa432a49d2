"""Referral exports: build the per-platform files from referable items, list and download past ones."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
