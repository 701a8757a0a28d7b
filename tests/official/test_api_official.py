"""POST /review with the official files beside the report (same JSON as the CLI)."""

from fastapi.testclient import TestClient

from assistant.server.app import create_app
from assistant.settings import Settings

CLEAN_A = "tests/fixtures/clean_a.txt"


def test_review_endpoint_takes_official_files(official_files):
    client = TestClient(create_app(Settings()))
    with open(CLEAN_A, "rb") as fh:
        report = fh.read()
    res = client.post("/review", files=[
        ("files", ("clean_a.txt", report)),
        ("targets", ("a_targets_extra.xlsx", official_files["a_targets_extra.xlsx"].read_bytes())),
        ("final_accounts", ("决算.xlsx", b"broken")),
    ])
    assert res.status_code == 200, res.text
    data = res.json()
    assert data["official"]["targets"] == "a_targets_extra.xlsx"
    assert [s["file"] for s in data["official"]["skipped"]] == ["决算.xlsx"]
    assert [f["rule"] for f in data["findings"] if f["category"] == "official"] == ["OFF004"]
    plain = client.post("/review", files=[("files", ("clean_a.txt", report))]).json()
    assert "official" not in plain
