"""Fixtures for knowledge-base tests: explicit Settings on tmp dirs and a tiny corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # evals/ and bench/ are importable from the repo root
    sys.path.insert(0, str(ROOT))

POLICY_MD = """---
title: 测试政策摘要
文号: 财预〔2099〕1号
issuer: 测试
date: 2099-01-01
source: 测试用摘要
---

# 测试政策摘要

说明：测试用。

## 一、三公经费

三公经费包括因公出国（境）费、公务用车购置及运行维护费和公务接待费。

## 二、预算执行率

预算执行率等于全年执行数除以全年预算数，得分等于分值乘以执行率。

### （一）满意度

满意度要写明调查方式、样本数量。
"""

REPORT_TXT = """2023年度测试单位整体支出绩效自评报告
一、基本情况
（一）部门基本情况
1、职能职责
负责测试工作。
2、机构设置
单位设办公室、业务科2个内设机构，编制10人，实有10人。
二、一般公共预算支出情况
（一）基本支出情况
基本支出100.00万元，其中工资福利支出80.00万元，商品和服务支出20.00万元。
七、存在的问题及原因分析
预算编制不够精准，三公经费决算仅为预算的40%。
"""


def make_settings(tmp_path: Path, corpus: Path | None = None, **knowledge):
    from assistant.settings import Settings

    corpus = corpus if corpus is not None else tmp_path / "no-corpus"
    return Settings(data_dir=tmp_path / "data", knowledge={"corpus_dir": corpus, **knowledge})


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "policy.md").write_text(POLICY_MD, encoding="utf-8")
    (folder / "report.txt").write_text(REPORT_TXT, encoding="utf-8")
    return folder


@pytest.fixture
def kb_settings(tmp_path, corpus):
    return make_settings(tmp_path, corpus)
