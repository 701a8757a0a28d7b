"""Two `assistant serve` replicas on one PostgreSQL and one Chroma server (deploy/replicas.sh):
200 concurrent saves through both lose nothing, and each client's versions stay in the order it sent them."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "deploy" / "replicas.sh"
CLIENTS, PER_CLIENT = 4, 50  # 200 saves; clients 0, 2 talk to replica A, clients 1, 3 to replica B


def _free_base() -> int:
    """Four consecutive free ports."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + 3 > 65535:
            continue
        try:
            socks = []
            for p in range(base, base + 4):
                x = socket.socket()
                x.bind(("127.0.0.1", p))
                socks.append(x)
            return base
        except OSError:
            continue
        finally:
            for x in socks:
                x.close()
    raise RuntimeError("no four consecutive free ports")


@pytest.fixture(scope="module")
def replicas():
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg 未安装 / the postgres extra is not installed")
    tmp = Path(tempfile.mkdtemp(prefix="assistant-replicas-"))
    tmp.chmod(0o755)
    run = tmp / "run"
    env = {**os.environ, "PY": sys.executable}
    out = tmp / "start.out"  # a file, not a pipe: the servers outlive the script
    try:
        with out.open("w") as fh:
            rc = subprocess.run(["bash", str(SCRIPT), "start", str(run), str(_free_base())], stdout=fh,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, timeout=240).returncode
        if rc != 0:
            pytest.skip(f"副本无法启动 / replicas could not start: {' '.join(out.read_text().split())[-300:]}")
        yield dict(line.split("=", 1) for line in (run / "env").read_text().split())
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(run)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       stdin=subprocess.DEVNULL, env=env, timeout=120)
        shutil.rmtree(tmp, ignore_errors=True)


def test_two_replicas_lose_no_concurrent_save_and_keep_versions_ordered(replicas):
    a, b = replicas["REPLICA_A"], replicas["REPLICA_B"]
    assert httpx.get(f"{replicas['CHROMA_URL']}/api/v2/heartbeat", timeout=10).status_code == 200
    draft = httpx.post(f"{a}/drafts", json={"unit": "岳阳市财政局", "year": 2024}, timeout=30).json()
    url = "/drafts/{}/sections/七".format(draft["id"])

    def client(c: int) -> list[int]:
        base = a if c % 2 == 0 else b
        seqs = []
        with httpx.Client(base_url=base, timeout=60) as http:
            for i in range(PER_CLIENT):
                r = http.post(url, json={"text": f"c{c}-{i}", "kind": "edit"})
                assert r.status_code == 200, r.text
                seqs.append(r.json()["seq"])
        return seqs

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        per_client = list(pool.map(client, range(CLIENTS)))

    history = httpx.get(f"{b}{url}/history", timeout=60).json()  # read through the other replica
    total = CLIENTS * PER_CLIENT
    assert len(history) == total  # 0 lost writes
    assert [v["seq"] for v in history] == list(range(total, 0, -1))  # gap-free, newest first
    assert sorted(v["text"] for v in history) == sorted(f"c{c}-{i}" for c in range(CLIENTS) for i in range(PER_CLIENT))
    by_text = {v["text"]: v["seq"] for v in history}
    for c, seqs in enumerate(per_client):
        assert seqs == sorted(seqs) and len(set(seqs)) == PER_CLIENT  # each client's saves stay in order
        assert seqs == [by_text[f"c{c}-{i}"] for i in range(PER_CLIENT)]
    # the saves really went through both replicas onto the one database
    assert httpx.get(f"{a}{url}/history", timeout=60).json() == history
