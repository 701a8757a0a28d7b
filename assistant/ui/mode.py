"""What the sidebar says about the drafting backend and users — never a key."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def _redact_url(url: str) -> str:
    """Drop credentials and query strings from a URL before showing it."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def mode_lines(settings) -> list[str]:
    """Chinese lines for the sidebar: drafting mode and model, database kind, users mode."""
    lines = []
    if settings.llm_backend == "openai":
        endpoint = _redact_url(settings.openai_base_url) if settings.openai_base_url else "OpenAI 默认端点"
        lines.append(f"起草模式：大模型 · {settings.llm_model} @ {endpoint}")
    else:
        lines.append("起草模式：离线起草（不联网，基于您的数据、规则和知识库）")
    db = settings.sqlalchemy_url
    lines.append("草稿存储：" + ("本机数据库文件" if db.startswith("sqlite") else "数据库服务器 " + _redact_url(db).split(":")[0]))
    return lines


def users_line(settings) -> str:
    if settings.users_file is None:
        return "单用户本地模式（未配置用户，所有草稿本机可见）"
    return "多用户模式：仅可查看和编辑本单位草稿"
