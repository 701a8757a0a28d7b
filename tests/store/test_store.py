"""Store: versions, restore, concurrency, access control."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from decimal import Decimal

import pytest

from assistant.drafting.models import DraftSuggestion
from assistant.errors import AccessDenied
from assistant.report import parse_file
from assistant.store import (
    LOCAL_USER,
    ChatTurn,
    DraftStore,
    User,
    authenticate,
    hash_password,
    load_users,
    verify_password,
)
from assistant.store.db import HEAD, migrate
from assistant.ui.figures import Figures, IndicatorInput, build_report
from tests.conftest import SEED

UNIT_A = "岳阳市公共资源交易中心"
UNIT_B = "岳阳市财政局"
ALICE = User(name="alice", unit=UNIT_A, role="drafter")
BOB = User(name="bob", unit=UNIT_B, role="drafter")
RITA = User(name="rita", unit=UNIT_A, role="reviewer")


@pytest.fixture
def store(url):
    s = DraftStore(url)
    yield s
    s.close()


@pytest.fixture
def multi(url):
    s = DraftStore(url, multi_user=True)
    yield s
    s.close()


def test_versions_are_numbered_and_history_is_newest_first(store):
    d = store.create_draft(LOCAL_USER, unit=UNIT_A, year=2023, figures=Figures(unit=UNIT_A, year=2023))
    v1 = store.save_section(d.id, "七", "第一稿", LOCAL_USER, kind="accept")
    v2 = store.save_section(d.id, "七", "第二稿", LOCAL_USER, kind="edit")
    store.save_section(d.id, "八", "措施", LOCAL_USER, kind="accept")
    assert (v1.seq, v2.seq) == (1, 2)
    assert [v.text for v in store.history(d.id, "七", LOCAL_USER)] == ["第二稿", "第一稿"]
    assert store.current_sections(d.id, LOCAL_USER) == {"七": "第二稿", "八": "措施"}
    assert store.get_draft(LOCAL_USER, d.id).figures == Figures(unit=UNIT_A, year=2023)


def test_restore_appends_a_copy_and_keeps_history(store):
    d = store.create_draft(LOCAL_USER, unit=UNIT_A, year=2023)
    v1 = store.save_section(d.id, "七", "旧文本", LOCAL_USER, kind="accept")
    store.save_section(d.id, "七", "新文本", LOCAL_USER)
    r = store.restore(v1.id, LOCAL_USER)
    assert (r.seq, r.kind, r.text) == (3, "restore", "旧文本")
    assert store.current_sections(d.id, LOCAL_USER)["七"] == "旧文本"
    assert [v.seq for v in store.history(d.id, "七", LOCAL_USER)] == [3, 2, 1]


def test_update_draft_autosaves_typed_records_and_survives_a_new_store(url, store):
    """The draft holds the typed form model and Reports; Decimals come back exact (lossless round trip)."""
    d = store.create_draft(LOCAL_USER, unit=UNIT_A, year=2023)
    assert d.figures.indicators, "a draft without stored figures opens with the indicator skeleton"
    fig = Figures(unit=UNIT_A, year=2023, budget=Decimal("2400.00"), authorized=51,
                  indicators=[IndicatorInput(level1="产出指标", level3="场次", weight=Decimal("20.5"))])
    fig.basic["工资福利支出"] = Decimal("658.62")
    fig.sangong["reception"]["final"] = Decimal("0.69")
    seed = parse_file(SEED)
    store.update_draft(LOCAL_USER, d.id, figures=fig, report=build_report(fig, {"一": "基本情况"}), previous=seed)
    again = DraftStore(url)
    got = again.get_draft(LOCAL_USER, d.id)
    assert got.figures == fig and got.figures.basic["工资福利支出"] == Decimal("658.62")
    assert got.report == build_report(fig, {"一": "基本情况"})
    assert got.previous == seed
    assert build_report(got.figures) == build_report(fig)
    again.close()


def test_chat_history_is_stored_with_the_draft(url, store):
    d = store.create_draft(LOCAL_USER, unit=UNIT_A, year=2023)
    sug = DraftSuggestion(section="七", text="存在的问题……", warnings=["核对"], placeholders=["满意度样本量"])
    store.append_chat(LOCAL_USER, d.id, "七", ChatTurn(role="user", content="请起草本节"))
    got = store.append_chat(LOCAL_USER, d.id, "七", ChatTurn(role="assistant", suggestion=sug))
    assert [t.role for t in got] == ["user", "assistant"]
    again = DraftStore(url)
    chat = again.get_draft(LOCAL_USER, d.id).chat
    assert list(chat) == ["七"] and chat["七"][1].suggestion == sug and chat["七"][0].content == "请起草本节"
    again.close()


def test_database_from_an_older_version_opens_and_gains_the_chat_column(tmp_path):
    """A data dir written before chat_json existed: the draft opens, its figures are typed, chat works."""
    path = tmp_path / "old.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE drafts (id INTEGER PRIMARY KEY AUTOINCREMENT, owner VARCHAR(200) NOT NULL,
            unit VARCHAR(300) NOT NULL, year INTEGER NOT NULL, figures_json TEXT NOT NULL,
            report_json TEXT NOT NULL, previous_json TEXT NOT NULL, created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL);
        CREATE INDEX ix_drafts_unit_year ON drafts (unit, year);
        CREATE TABLE section_versions (id INTEGER PRIMARY KEY AUTOINCREMENT, draft_id INTEGER NOT NULL
            REFERENCES drafts (id) ON DELETE CASCADE, section VARCHAR(20) NOT NULL, seq INTEGER NOT NULL,
            text TEXT NOT NULL, user VARCHAR(200) NOT NULL, kind VARCHAR(20) NOT NULL, note TEXT NOT NULL,
            created_at DATETIME NOT NULL, CONSTRAINT uq_version_seq UNIQUE (draft_id, section, seq));
        INSERT INTO drafts VALUES (1, '本地用户', '甲单位', 2023,
            '{"unit": "甲单位", "year": 2023, "budget": "1000.00", "retired_field": 1}',
            '{"title": "old", "retired_report_field": 1}', '', '2024-01-01 00:00:00', '2024-01-01 00:00:00');
        INSERT INTO section_versions VALUES (1, 1, '一', 1, '旧的基本情况', '本地用户', 'edit', '',
            '2024-01-01 00:00:00');
        """
    )
    con.commit()
    con.close()
    store = DraftStore(f"sqlite:///{path}")
    got = store.get_draft(LOCAL_USER, 1)
    assert got.figures.budget == Decimal("1000.00") and got.report is None and got.chat == {}
    assert store.current_sections(1, LOCAL_USER) == {"一": "旧的基本情况"}
    store.append_chat(LOCAL_USER, 1, "一", ChatTurn(role="user", content="更简洁一些"))
    assert store.get_draft(LOCAL_USER, 1).chat["一"][0].content == "更简洁一些"
    store.close()
    assert migrate(DraftStore(f"sqlite:///{path}").engine) == []  # idempotent
    with sqlite3.connect(path) as con:  # stamped, then upgraded by Alembic
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]


def test_sqlite_runs_in_wal_mode_with_busy_timeout(tmp_path):
    store = DraftStore(f"sqlite:///{tmp_path / 'drafts.sqlite3'}")
    with store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    store.close()


def test_threads_writing_the_same_section_lose_nothing(url, store):
    d = store.create_draft(LOCAL_USER, unit=UNIT_A, year=2023)
    n_threads, per_thread = 8, 15
    errors: list[BaseException] = []

    def worker(t: int) -> None:
        s = DraftStore(url)  # own engine, like separate app sessions
        try:
            for i in range(per_thread):
                s.save_section(d.id, "七", f"t{t}-{i}", LOCAL_USER)
        except BaseException as ex:  # noqa: BLE001 - surfaced below
            errors.append(ex)
        finally:
            s.close()

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(n_threads)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    hist = store.history(d.id, "七", LOCAL_USER)
    assert sorted(v.seq for v in hist) == list(range(1, n_threads * per_thread + 1))
    assert sorted(v.text for v in hist) == sorted(f"t{t}-{i}" for t in range(n_threads) for i in range(per_thread))


_WORKER = """
import sys
from assistant.store import LOCAL_USER, DraftStore
url, draft_id, p, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
s = DraftStore(url)
for i in range(n):
    s.save_section(draft_id, "八", f"p{p}-{i}", LOCAL_USER)
    s.save_section(draft_id, "七", f"p{p}-{i}", LOCAL_USER)
s.close()
"""


def test_processes_writing_the_same_draft_lose_nothing_and_do_not_mix(url, store):
    d = store.create_draft(LOCAL_USER, unit=UNIT_A, year=2023)
    procs = [
        subprocess.Popen([sys.executable, "-c", _WORKER, url, str(d.id), str(p), "10"], stderr=subprocess.PIPE)
        for p in range(4)
    ]
    for pr in procs:
        _, err = pr.communicate(timeout=120)
        assert pr.returncode == 0, err.decode(errors="replace")
    for section in ("七", "八"):
        hist = store.history(d.id, section, LOCAL_USER)
        assert sorted(v.seq for v in hist) == list(range(1, 41))
        assert {v.section for v in hist} == {section}
        assert sorted(v.text for v in hist) == sorted(f"p{p}-{i}" for p in range(4) for i in range(10))


def test_other_unit_cannot_read_list_or_overwrite(multi):
    d = multi.create_draft(ALICE, unit=UNIT_A, year=2023)
    v = multi.save_section(d.id, "七", "甲单位文本", ALICE, kind="accept")
    assert [x.id for x in multi.list_drafts(ALICE)] == [d.id]
    assert multi.list_drafts(BOB) == []
    with pytest.raises(AccessDenied):
        multi.get_draft(BOB, d.id)
    with pytest.raises(AccessDenied):
        multi.save_section(d.id, "七", "乙单位覆盖", BOB)
    with pytest.raises(AccessDenied):
        multi.update_draft(BOB, d.id, figures=Figures(unit=UNIT_A))
    with pytest.raises(AccessDenied):
        multi.history(d.id, "七", BOB)
    with pytest.raises(AccessDenied):
        multi.restore(v.id, BOB)
    with pytest.raises(AccessDenied):
        multi.create_draft(BOB, unit=UNIT_A, year=2023)
    assert multi.current_sections(d.id, ALICE) == {"七": "甲单位文本"}


def test_multi_user_refuses_local_user_and_reviewer_writes(multi):
    d = multi.create_draft(ALICE, unit=UNIT_A, year=2023)
    with pytest.raises(AccessDenied):
        multi.list_drafts(LOCAL_USER)
    assert multi.get_draft(RITA, d.id).id == d.id  # same unit reviewer reads
    with pytest.raises(AccessDenied):
        multi.save_section(d.id, "七", "x", RITA)
    with pytest.raises(AccessDenied):
        multi.update_draft(ALICE, d.id, unit=UNIT_B)


def test_missing_and_foreign_drafts_look_the_same(multi):
    d = multi.create_draft(ALICE, unit=UNIT_A, year=2023)
    with pytest.raises(AccessDenied) as foreign:
        multi.get_draft(BOB, d.id)
    with pytest.raises(AccessDenied) as missing:
        multi.get_draft(BOB, 999)
    assert str(foreign.value).replace(str(d.id), "N") == str(missing.value).replace("999", "N")


@pytest.mark.parametrize("method", ["scrypt", "pbkdf2_sha256"])
def test_password_hashes_verify(method):
    h = hash_password("秘密-123", method=method)
    assert h.startswith(method + "$")
    assert verify_password("秘密-123", h)
    assert not verify_password("wrong", h)
    assert not verify_password("秘密-123", "plain-text")


def test_users_file_and_authenticate(tmp_path):
    f = tmp_path / "users.toml"
    f.write_text(
        f'[users.alice]\npassword = "{hash_password("pw-a")}"\nunit = "{UNIT_A}"\nrole = "drafter"\n',
        encoding="utf-8",
    )
    users = load_users(f)
    assert authenticate(users, "alice", "pw-a") == ALICE
    assert authenticate(users, "alice", "nope") is None
    assert authenticate(users, "mallory", "pw-a") is None
    assert load_users(None) == {}
