"""`assistant serve`: the HTTP API on uvicorn."""

from __future__ import annotations

import click

from assistant.cli import OneLineError, run_command
from assistant.settings import get_settings

try:  # the server extra
    import uvicorn

    from assistant.server.app import create_app
except ImportError:  # pragma: no cover - exercised only without the extra
    uvicorn = None


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址 / bind address.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="端口 / port.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1),
              help="进程数 / uvicorn worker processes.")
@run_command
def serve(host, port, workers):
    """启动 HTTP API / Serve the review API over HTTP (OpenAPI docs at /docs).

    POST /review (multipart "files") returns the review JSON of `assistant review --format json`;
    GET /health. With ASSISTANT_API_TOKENS='["…"]' set, requests need "Authorization: Bearer <token>" (else 401).
    Needs the server extra: pip install 'assistant[server]'.
    """
    if uvicorn is None:
        raise OneLineError("未安装服务端依赖 / the server extra is missing: pip install 'assistant[server]'", 1)
    settings = get_settings()
    if not settings.api_tokens and host not in ("127.0.0.1", "localhost", "::1"):
        click.echo("警告 / Warning: 未设置 ASSISTANT_API_TOKENS，任何能访问该地址的人都可调用 API / "
                   "no API tokens set: anyone who can reach this address can use the API", err=True)
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
    else:  # each worker process builds its own app from the environment
        uvicorn.run("assistant.server.app:create_app", factory=True, host=host, port=port, workers=workers,
                    log_level="warning")
