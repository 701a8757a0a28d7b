"""Store tests run on SQLite and on a real PostgreSQL server.

The server is the one `.ci/run` started (``ASSISTANT_TEST_PG_URL``), else one this session starts with
``deploy/pg.sh`` in a temporary directory. Where neither works the PostgreSQL cases skip with the reason.
Every test gets its own fresh database.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from tests.conftest import ROOT

PG_SCRIPT = ROOT / "deploy" / "pg.sh"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_server():
    """(admin URL, None) when a PostgreSQL server is up, else (None, reason)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        yield None, "psycopg 未安装 / the postgres extra is not installed (pip install -e '.[postgres]')"
        return
    url = os.environ.get("ASSISTANT_TEST_PG_URL")
    if url:
        yield url, None
        return
    tmp = Path(tempfile.mkdtemp(prefix="assistant-pg-"))
    tmp.chmod(0o755)  # the server may run as the postgres user
    data = tmp / "data"
    try:
        proc = subprocess.run(["bash", str(PG_SCRIPT), "start", str(data), str(_free_port())],
                              capture_output=True, text=True, timeout=180)
    except (OSError, subprocess.TimeoutExpired) as exc:
        yield None, f"PostgreSQL 无法启动 / could not start PostgreSQL: {exc}"
        shutil.rmtree(tmp, ignore_errors=True)
        return
    if proc.returncode != 0:
        yield None, f"PostgreSQL 无法启动 / could not start PostgreSQL: {' '.join(proc.stderr.split())[-300:]}"
        shutil.rmtree(tmp, ignore_errors=True)
        return
    try:
        yield proc.stdout.strip(), None
    finally:
        subprocess.run(["bash", str(PG_SCRIPT), "stop", str(data)], capture_output=True, timeout=120)
        shutil.rmtree(tmp, ignore_errors=True)


def fresh_pg_database(admin_url: str) -> str:
    """Create an empty database on the server of ``admin_url``; return its SQLAlchemy URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(admin_url)
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(host=u.host, port=u.port, user=u.username, dbname=u.database, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return u.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path, pg_server):
    """A fresh database URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'drafts.sqlite3'}"
    admin, reason = pg_server
    if admin is None:
        pytest.skip(reason)
    return fresh_pg_database(admin)
