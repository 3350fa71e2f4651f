"""The HTTP application: JSON API under /api, staff pages at /, static files at /static.

Every error leaves as one JSON envelope, {"error": {"status", "type", "message"}}, whether it
is a PolicyError (its `status` class attribute is the HTTP status), invalid input (422), an
unknown route (404) or an upload over the size limit (413). OpenAPI at /openapi.json, /docs.
"""
from __future__ import annotations

import json
import logging
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from schema.errors import PolicyError
from schema.store import default_db_path

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # per request; service.ingest has its own per-file cap
DESCRIPTION = """Chinese government policy documents as structured data: search, documents, facts
(targets, achievements, subsidies, deadlines, responsibilities), obligation checklists per
department, target and subsidy feeds, progress against targets, and ingest by upload.
Errors are JSON: `{"error": {"status": 404, "type": "NotFound", "message": "…"}}`."""


def error_body(status: int, kind: str, message: str, **extra: Any) -> dict[str, Any]:
    """The one error envelope every failure uses."""
    return {"error": {"status": status, "type": kind, "message": message, **extra}}


def _policy_error(_request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, PolicyError)
    return JSONResponse(error_body(err.status, type(err).__name__, str(err)), status_code=err.status)


def _validation_error(_request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, RequestValidationError)
    details = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in err.errors()]
    message = "; ".join(f"{'.'.join(map(str, d['loc']))}: {d['msg']}" for d in details) or "invalid input"
    return JSONResponse(error_body(422, "InvalidInput", message, details=details), status_code=422)


def _http_error(_request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, StarletteHTTPException)
    return JSONResponse(error_body(err.status_code, "HTTPError", str(err.detail)),
                        status_code=err.status_code, headers=getattr(err, "headers", None))


def create_app(db_path: str | None = None, max_upload_bytes: int = MAX_UPLOAD_BYTES) -> FastAPI:
    """The application for one database file (default: $POLICYDB or ./policy.db)."""
    from web import api, pages

    app = FastAPI(title="Policy database", version="0.1.0", description=DESCRIPTION)
    app.state.db_path = str(db_path or default_db_path())
    app.state.max_upload_bytes = max_upload_bytes
    app.add_exception_handler(PolicyError, _policy_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)

    @app.middleware("http")
    async def limit_upload_size(request: Request, call_next: Callable) -> Any:
        """Refuse a body announced larger than the limit before reading it."""
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > request.app.state.max_upload_bytes:
            limit = request.app.state.max_upload_bytes
            return JSONResponse(error_body(413, "TooLarge", f"request body is larger than {limit} bytes"),
                                status_code=413)
        return await call_next(request)

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static", check_dir=False), name="static")
    add_feed_schemas(app)
    return app


FEED_SCHEMAS = {"/api/targets": ("target", "TargetRecord"), "/api/subsidies": ("subsidy", "SubsidyRecord"),
                "/api/checklist": ("checklist", "Checklist")}


def _component(schema: dict[str, Any]) -> dict[str, Any]:
    """A shipped JSON Schema as an OpenAPI 3.1 component (its $defs lifted into components)."""
    body = {k: v for k, v in schema.items() if k not in ("$schema", "$id", "$defs")}
    text = json.dumps(body, ensure_ascii=False)
    text = text.replace('"#/$defs/item"', '"#/components/schemas/ChecklistItem"')
    return json.loads(text)


def add_feed_schemas(app: FastAPI) -> None:
    """Describe the feed and checklist responses in OpenAPI with schema/*.schema.json, on first request."""
    from fastapi.openapi.utils import get_openapi

    from service.feeds import load_schema

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        spec = get_openapi(title=app.title, version=app.version, description=app.description,
                           routes=app.routes)
        components = spec.setdefault("components", {}).setdefault("schemas", {})
        components["ChecklistItem"] = _component(load_schema("checklist")["$defs"]["item"])
        for path, (name, component) in FEED_SCHEMAS.items():
            components[component] = _component(load_schema(name))
            ref = {"$ref": f"#/components/schemas/{component}"}
            content = spec["paths"][path]["get"]["responses"]["200"]["content"]
            content["application/json"] = {"schema": ref if name == "checklist" else
                                           {"type": "array", "items": ref}}
        app.openapi_schema = spec
        return spec

    app.openapi = openapi  # type: ignore[method-assign]


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0 picks a free one), so the address is known up front."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as err:
        sock.close()
        raise PolicyError(None, f"cannot listen on {host}:{port}: {err.strerror or err}") from err
    sock.listen(128)
    return sock


def make_server(db_path: str | None, sock: socket.socket) -> Any:
    """A uvicorn server for the app on an already bound socket (run with `.run(sockets=[sock])`)."""
    import uvicorn

    config = uvicorn.Config(create_app(db_path), log_level="warning", lifespan="off")
    return uvicorn.Server(config)


def address(sock: socket.socket) -> str:
    """http://host:port of a bound socket."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
