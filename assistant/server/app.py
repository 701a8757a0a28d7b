"""FastAPI application: POST a report → the review JSON of the CLI contract.

Endpoints (OpenAPI docs at ``/docs``, schema at ``/openapi.json``):

- ``GET /health`` → ``{"status": "ok"}``
- ``POST /review`` (multipart ``files``, one or several) → one review object, or a list for several files
- ``POST /parse`` (multipart ``file``) → the Report model

Errors are the CLI's one line in a JSON body, never a stack trace: ``{"error": "..."}`` with 400 for an
unusable file, 413 for a file over ``limits.max_file_bytes``, 422 for a malformed request. In a batch one
bad file fails the whole request with the file named, like the CLI's single-file mode; other requests are
unaffected. Parsing and rules run in the server's worker threads (sync endpoints), one request per thread.
"""

from __future__ import annotations

from fastapi import FastAPI, File, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from assistant.errors import AssistantError, InputTooLarge, InputUnusable
from assistant.export import findings_format as ff
from assistant.report import parse_bytes
from assistant.review import profile_for, review
from assistant.settings import Settings, get_settings


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = get_settings(settings)
    profile = profile_for(settings)  # a bad profile fails at start, not on the first request
    cap = settings.limits.max_file_bytes
    app = FastAPI(title="绩效自评报告审阅 API", version="1", description="Review 部门整体支出绩效自评报告 over HTTP.")

    @app.exception_handler(InputTooLarge)
    async def _too_large(_request: Request, exc: InputTooLarge):
        return JSONResponse({"error": _one_line(exc)}, status_code=413)

    @app.exception_handler(InputUnusable)
    async def _unusable(_request: Request, exc: InputUnusable):
        return JSONResponse({"error": _one_line(exc)}, status_code=400)

    @app.exception_handler(AssistantError)
    async def _assistant_error(_request: Request, exc: AssistantError):
        return JSONResponse({"error": _one_line(exc)}, status_code=500)

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

    @app.post("/review")
    def review_files(files: list[UploadFile] = File(..., description="一个或多个报告文件 / report files")):
        """审阅报告：一个文件返回一个对象，多个文件返回列表（与 CLI 的 JSON 一致）。"""
        results = []
        for upload in files:
            data, name = _read(upload)
            report = parse_bytes(data, name, settings)
            results.append(ff.result_dict(review(report, settings, profile=profile)))
        return results[0] if len(results) == 1 else results

    @app.post("/parse")
    def parse(file: UploadFile = File(..., description="报告文件 / a report file")):
        """解析报告为 Report 模型 / Parse a report into the Report model."""
        data, name = _read(file)
        return parse_bytes(data, name, settings).model_dump(mode="json")

    return app
