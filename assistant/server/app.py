"""FastAPI application: POST a report → the review JSON of the CLI contract.

Endpoints (OpenAPI docs at ``/docs``, schema at ``/openapi.json``):

- ``GET /health`` → ``{"status": "ok"}``
- ``POST /review`` (multipart ``files``, one or several) → one review object, or a list for several files
- ``POST /parse`` (multipart ``file``) → the Report model
- ``GET /kb/search?q=…&k=5&method=hybrid`` → ``{"query", "hits": [...]}`` as ``assistant kb search --format json``
- drafts on the shared store (``DATABASE_URL``), local mode only (no users file; 403 otherwise):
  ``POST /drafts`` ``{"unit", "year"}`` → the draft; ``POST /drafts/{id}/sections/{label}`` ``{"text", "kind"}`` →
  the new version; ``GET /drafts/{id}/sections/{label}/history`` → versions, newest first. Replicas behind a
  load balancer share one PostgreSQL database through these (see docs/deploy.md).

Tokens: with ``api_tokens`` set (``ASSISTANT_API_TOKENS='["…"]'``), every endpoint but ``/health`` and the
OpenAPI docs needs ``Authorization: Bearer <token>``; a missing or unknown token gets 401. With none set the API
asks for nothing (local use).

Errors are the CLI's one line in a JSON body, never a stack trace: ``{"error": "..."}`` with 400 for an
unusable file, 401 without a valid token, 413 for a file over ``limits.max_file_bytes``, 422 for a malformed
request. In a batch one
bad file fails the whole request with the file named, like the CLI's single-file mode; other requests are
unaffected. Parsing and rules run in the server's worker threads (sync endpoints), one request per thread.
"""

from __future__ import annotations

import hmac

from fastapi import Depends, FastAPI, File, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict

from assistant.errors import AccessDenied, AssistantError, InputTooLarge, InputUnusable
from assistant.export import findings_format as ff
from assistant.knowledge import KnowledgeBase
from assistant.official import load_books, record_for
from assistant.report import parse_bytes
from assistant.review import profile_for, review
from assistant.settings import Settings, get_settings
from assistant.store import LOCAL_USER, DraftStore


class NewDraft(BaseModel):
    model_config = ConfigDict(extra="forbid")
    unit: str
    year: int


class NewVersion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    kind: str = "edit"
    note: str = ""


class Unauthorized(AssistantError):
    """A request without a valid bearer token (HTTP 401)."""


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = get_settings(settings)
    profile = profile_for(settings)  # a bad profile fails at start, not on the first request
    cap = settings.limits.max_file_bytes
    app = FastAPI(title="绩效自评报告审阅 API", version="1", description="Review 部门整体支出绩效自评报告 over HTTP.")
    tokens = [t.get_secret_value().encode() for t in settings.api_tokens]
    bearer = HTTPBearer(auto_error=False, description="ASSISTANT_API_TOKENS 中的令牌 / a configured API token")

    def require_token(cred: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        if not tokens:
            return
        given = cred.credentials.encode() if cred is not None and cred.scheme.lower() == "bearer" else b""
        # compare with every token, in constant time, so the answer's timing tells nothing about them
        if not any([hmac.compare_digest(given, t) for t in tokens]):
            raise Unauthorized("需要有效的 API 令牌 / a valid bearer token is required (Authorization: Bearer …)")

    auth = [Depends(require_token)]

    def _json_error(status: int, headers: dict[str, str] | None = None):
        async def handler(_request: Request, exc: Exception):
            return JSONResponse({"error": _one_line(exc)}, status_code=status, headers=headers)
        return handler

    # typed errors → one JSON line and a status (Starlette picks the handler by the exception's class)
    app.add_exception_handler(Unauthorized, _json_error(401, {"WWW-Authenticate": "Bearer"}))
    for exc_type, status in ((InputTooLarge, 413), (InputUnusable, 400), (AccessDenied, 403), (AssistantError, 500)):
        app.add_exception_handler(exc_type, _json_error(status))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError):
        where = "; ".join(f"{'.'.join(str(x) for x in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors())
        return JSONResponse({"error": f"请求格式错误 / malformed request: {where}"}, status_code=422)

    @app.exception_handler(Exception)
    async def _internal(_request: Request, exc: Exception):
        return JSONResponse({"error": f"内部错误 / Internal error: {type(exc).__name__}"}, status_code=500)

    def _read(upload: UploadFile) -> tuple[bytes, str]:
        name = upload.filename or "upload"
        data = upload.file.read(cap + 1)
        if len(data) > cap:
            raise InputTooLarge(f"{name}: 文件大小超过上限 {cap} 字节 / file too large")
        return data, name

    @app.get("/health")
    def health() -> dict:
        return {"status": "ok"}

    @app.post("/review", dependencies=auth)
    def review_files(
        files: list[UploadFile] = File(..., description="一个或多个报告文件 / report files"),
        targets: UploadFile | None = File(None, description="批复的绩效目标表（可选）/ approved targets"),
        final_accounts: UploadFile | None = File(None, description="部门决算表（可选）/ final accounts"),
    ):
        """审阅报告：一个文件返回一个对象，多个文件返回列表（与 CLI 的 JSON 一致）。
        附上 targets / final_accounts 时与官方数据核对（结果多一个 official 键）。"""
        def named(upload: UploadFile | None) -> tuple[str, bytes] | None:
            if upload is None:
                return None
            data, name = _read(upload)
            return name, data

        books = None
        if targets is not None or final_accounts is not None:
            books = load_books(named(targets), named(final_accounts), settings)
        results = []
        for upload in files:
            data, name = _read(upload)
            report = parse_bytes(data, name, settings)
            record = record_for(report, books, hint=name)
            results.append(ff.result_dict(review(report, settings, profile=profile, official=record)))
        return results[0] if len(results) == 1 else results

    @app.post("/parse", dependencies=auth)
    def parse(file: UploadFile = File(..., description="报告文件 / a report file")):
        """解析报告为 Report 模型 / Parse a report into the Report model."""
        data, name = _read(file)
        return parse_bytes(data, name, settings).model_dump(mode="json")

    kb: list[KnowledgeBase] = []  # opened on first search (ingests the shipped corpus into a fresh data dir)

    @app.get("/kb/search", dependencies=auth)
    def kb_search(
        q: str = Query(..., min_length=1, description="检索词 / query"),
        k: int | None = Query(None, ge=1, le=100, description="结果数 / number of hits"),
        method: str = Query("hybrid", pattern="^(hybrid|lexical|vector)$"),
    ) -> dict:
        """检索知识库 / Search the knowledge base."""
        if not kb:
            kb.append(KnowledgeBase(settings))
        base = kb[0]
        hits = base.search(q, k=k or settings.knowledge.top_k, method=method)
        return {"query": q, "hits": [h.public() for h in hits]}

    store: list[DraftStore] = []  # opened on first use, shared by the request threads

    def _store() -> DraftStore:
        if settings.users_file is not None:
            raise AccessDenied("HTTP 草稿接口仅限本地模式 / the drafts API serves local mode only (no users file)")
        if not store:
            store.append(DraftStore.from_settings(settings))
        return store[0]

    @app.post("/drafts", dependencies=auth)
    def create_draft(body: NewDraft) -> dict:
        """新建草稿 / Create a draft."""
        return _store().create_draft(LOCAL_USER, unit=body.unit, year=body.year).model_dump(
            mode="json", include={"id", "unit", "year"})

    @app.post("/drafts/{draft_id}/sections/{section}", dependencies=auth)
    def save_section(draft_id: int, section: str, body: NewVersion) -> dict:
        """保存章节的新版本 / Save a new version of a section."""
        if body.kind not in ("accept", "edit", "restore", "import"):
            raise InputUnusable(f"kind={body.kind}: 应为 accept/edit/restore/import / unknown version kind")
        v = _store().save_section(draft_id, section, body.text, LOCAL_USER, kind=body.kind, note=body.note)
        return v.model_dump(mode="json")

    @app.get("/drafts/{draft_id}/sections/{section}/history", dependencies=auth)
    def history(draft_id: int, section: str) -> list[dict]:
        """章节的全部版本（新的在前）/ Versions of a section, newest first."""
        return [v.model_dump(mode="json") for v in _store().history(draft_id, section, LOCAL_USER)]

    return app
