"""评估: how good drafting and review are, release after release (evals/history.jsonl)."""

from __future__ import annotations

import streamlit as st

from app_pages._common import page_setup

s, user = page_setup("评估")

from assistant.ui.evals import (  # noqa: E402
    DEFAULT_HISTORY,
    HEADLINE,
    LOWER_IS_BETTER,
    headline_metrics,
    load_history,
    metric_names,
    short_date,
)

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
df["运行"] = [f"{short_date(r['date'])} #{i + 1}" for i, r in enumerate(runs)]
st.caption(f"共 {len(runs)} 次评估运行，最近一次：{short_date(runs[-1]['date'])}。下面是各项核心指标的最新值和历次变化。")
heads = headline_metrics(runs)
cols = st.columns(max(1, len(heads)))
for col, name in zip(cols, heads, strict=False):
    series = df[name].dropna()
    value = series.iloc[-1] if len(series) else None
    prev = series.iloc[-2] if len(series) > 1 else None
    delta = None if value is None or prev is None else round(float(value) - float(prev), 4)
    col.metric(HEADLINE[name], "—" if value is None else f"{value:.4g}", delta,
               delta_color="inverse" if name in LOWER_IS_BETTER else "normal")
for name in heads:
    series = df[["运行", name]].dropna()
    if len(series) > 1:
        st.markdown(f"**{HEADLINE[name]}**")
        st.line_chart(series.rename(columns={name: HEADLINE[name]}).set_index("运行"), height=180)

with st.expander("全部指标（开发者）"):
    names = metric_names(runs)
    picked = st.multiselect("指标", names, default=[], key="eval_metrics", placeholder="选择要画出的指标")
    if picked:
        st.line_chart(df.set_index("运行")[picked])
    st.dataframe(df.drop(columns=["运行"]), hide_index=True, width="stretch")
