"""The HTTP interface: `create_app(db_path)` serves the JSON API (web/api.py) and the pages (web/pages.py)."""
from __future__ import annotations

from web.app import create_app

__all__ = ["create_app"]
