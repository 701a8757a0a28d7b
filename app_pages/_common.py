"""Streamlit glue shared by the pages: settings, cached resources, the acting user, the sidebar.

Pages only read st.session_state, call assistant.* and render; anything computable lives in assistant/ui.
"""

from __future__ import annotations

import streamlit as st

from assistant.errors import AssistantError
from assistant.settings import Settings


def settings() -> Settings:
    """Fresh settings each run (cheap; tests change ASSISTANT_DATA_DIR between sessions)."""
    return Settings()


@st.cache_resource(show_spinner=False)
def _store(url: str, multi_user: bool):
    from assistant.store import DraftStore

    return DraftStore(url, multi_user=multi_user)


def store(s: Settings | None = None):
    s = s or settings()
    if s.sqlalchemy_url.startswith("sqlite"):
        s.ensure_data_dir()
    return _store(s.sqlalchemy_url, s.users_file is not None)


@st.cache_resource(show_spinner="正在加载知识库…")
def _kb(data_dir: str, embedder: str, chroma_url: str | None, corpus_dir: str):
    from assistant.knowledge import KnowledgeBase

    kb = KnowledgeBase(Settings(data_dir=data_dir))
    kb.ensure_corpus()
    return kb


def knowledge_base(s: Settings | None = None):
    s = s or settings()
    return _kb(str(s.data_dir), s.knowledge.embedder, s.chroma_url, str(s.knowledge.corpus_dir))


def show_error(ex: AssistantError) -> None:
    st.error(str(ex))


def _users(s: Settings):
    from assistant.store import load_users

    return load_users(s.users_file)


def current_user(s: Settings | None = None):
    """The acting user; in multi-user mode shows the login form and stops the page until logged in."""
    from assistant.store import LOCAL_USER, User, authenticate

    s = s or settings()
    if s.users_file is None:
        return LOCAL_USER
    raw = st.session_state.get("auth_user")
    if raw:
        return User.model_validate(raw)
    try:
        users = _users(s)
    except AssistantError as ex:
        show_error(ex)
        st.stop()
    st.subheader("登录")
    with st.form("login_form"):
        name = st.text_input("用户名", key="login_name")
        password = st.text_input("密码", type="password", key="login_password")
        submitted = st.form_submit_button("登录")
    if submitted:
        user = authenticate(users, name.strip(), password)
        if user is None:
            st.error("用户名或密码错误")
        else:
            st.session_state["auth_user"] = user.model_dump()
            st.session_state.pop("login_password", None)
            st.rerun()
    st.stop()


def _logout() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def sidebar(s: Settings, user) -> None:
    from assistant.ui.mode import mode_lines, users_line

    with st.sidebar:
        for line in mode_lines(s):
            st.caption(line)
        st.caption(users_line(s))
        if not user.is_local:
            st.caption(f"当前用户：{user.name}（{user.unit}，{'起草' if user.role == 'drafter' else '审阅'}）")
            st.button("退出登录", key="logout", on_click=_logout)


def page_setup(title: str):
    """Settings + user + sidebar for a page; returns (settings, user)."""
    s = settings()
    user = current_user(s)
    sidebar(s, user)
    st.title(title)
    return s, user


UPLOADER_CSS = """
<style>
[data-testid="stFileUploaderDropzoneInstructions"] span,
[data-testid="stFileUploaderDropzoneInstructions"] small {display: none;}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {content: "可将文件拖放到此处"; font-size: 14px;
  color: rgba(49, 51, 63, 0.6);}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] {display: none;}
[data-testid="stFileUploaderDropzone"] button > div::after {content: "选择文件";}
[data-testid="stFileUploaderPagination"] small {display: none;}
</style>
"""


def chinese_uploader() -> None:
    """Restyle Streamlit's English file-uploader drop-zone texts as Chinese (CSS only; the label is ours)."""
    st.html(UPLOADER_CSS)
