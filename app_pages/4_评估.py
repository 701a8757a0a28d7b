"""评估: how good drafting and review are, release after release (evals/history.jsonl)."""

from __future__ import annotations

import streamlit as st

from app_pages._common import page_setup

s, user = page_setup("评估")

from assistant.ui.evals import DEFAULT_HISTORY, load_history, metric_names  # noqa: E402

runs, problems = load_history(DEFAULT_HISTORY)
for p in problems:
    st.warning(p)
if not runs:
    st.info(
        "还没有评估记录。运行 `make eval`（或 `python -m evals.run`）后，每次运行会在 "
        "evals/history.jsonl 追加一行，这里将按时间画出各项指标的变化。"
    )
    st.stop()

import pandas as pd  # noqa: E402

df = pd.DataFrame(runs)
df["run"] = [f"{r['date']} {r['commit']}".strip() for r in runs]
modes = sorted({m for m in df["mode"] if m})
if len(modes) > 1:
    chosen = st.multiselect("模式", modes, default=modes, key="eval_modes")
    df = df[df["mode"].isin(chosen)]
names = metric_names(runs)
picked = st.multiselect("指标", names, default=names[: min(6, len(names))], key="eval_metrics")
latest = df.iloc[-1]
cols = st.columns(max(1, min(4, len(picked))))
for i, name in enumerate(picked):
    prev = df.iloc[-2][name] if len(df) > 1 and name in df else None
    value = latest.get(name)
    delta = None if prev is None or pd.isna(prev) or pd.isna(value) else round(float(value) - float(prev), 4)
    cols[i % len(cols)].metric(name, "—" if pd.isna(value) else f"{value:.4g}", delta)
if picked:
    st.line_chart(df.set_index("run")[picked])
st.dataframe(df.drop(columns=["run"]), hide_index=True, width="stretch")
