"""Typed errors for bad input; each names the file and the problem and carries an HTTP status."""
from __future__ import annotations


class PolicyError(Exception):
    """Base of every error a user can act on."""

    status = 400

    def __init__(self, path: str | None, detail: str):
        self.path = path
        self.detail = detail
        super().__init__(f"{path}: {detail}" if path else detail)


class UnsupportedFormat(PolicyError):
    """The content is not a PDF, HTML, Markdown or text document (binary junk, images…)."""

    status = 415


class UndecodableText(PolicyError):
    """The bytes decode in no known encoding."""

    status = 422


class NoTextLayer(PolicyError):
    """A PDF without extractable text (a scan) or with fonts lacking a ToUnicode map."""

    status = 422


class DamagedFile(PolicyError):
    """A truncated, encrypted or otherwise unreadable file."""

    status = 422


class EmptyDocument(PolicyError):
    """The file, or the article inside it, has no text."""

    status = 422


class TooLarge(PolicyError):
    """The file exceeds the configured size limit."""

    status = 413


class PatternFileError(PolicyError):
    """A bad row in a pattern or gazetteer data file."""

    status = 500


class StoreError(PolicyError):
    """The database could not be read or written."""

    status = 500


class NotFound(PolicyError):
    """A document or record asked for does not exist."""

    status = 404


class EmptyDatabase(PolicyError):
    """A query was made before any document was ingested."""

    status = 409
