"""HTML pages for bureau staff: search, document view, checklist, targets and upload.

The pages call the same service functions as the CLI and the JSON API, so a rule or a query
lives in one place; this module only gathers their results and hands them to Jinja2 templates.
"""

from fastapi import APIRouter

router = APIRouter()
