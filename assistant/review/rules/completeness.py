"""Completeness: body sections, required attachments, blank required cells, thin sections, placeholders."""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.report.model import ATTACHMENT_TITLES, ROLE_NAMES, SECTION_TITLES, TEN_ROLES
from assistant.report.normalize import squash, to_halfwidth
from assistant.report.parse import third_party_evaluator
from assistant.report.roles import body_then_cut_attachment, part_name, part_title, template
from assistant.review.finding import at, merge_places
from assistant.review.registry import rule
from assistant.review.rubric import COMPLETENESS, MEASURES, PROBLEMS, SELF_EVAL_TABLE, cost
from assistant.review.rules._text import (
    clip,
    is_blank,
    iter_paragraphs,
    iter_text,
    plain,
    self_eval_tables,
    table_label,
)
from assistant.review.rules._util import money

REF_RUBRIC_PARTS = "考核评分表“自评报告的完整性”：正文每少一个部分扣2分，附件每少一个部分扣2分"
REF_TABLE = "财预〔2020〕10号：绩效自评表应完整填写年度总体目标、预算执行和指标完成情况"
KEY_SECTIONS = ("六", "七", "八")


def expected_parts(report) -> list[tuple[str, str, str, str]]:
    """Parts the document should have, missing from it: (label, title, role, severity).

    Judged per template: a matched template lists its own parts (a 4-part report is not missing 七/八);
    an unknown template of a report kind needs the core roles (基本情况, 绩效, 问题, 措施). A cut document
    (``report.cut``) is missing nothing after the cut: only gaps before its last present part count — unless
    the page stops at a bare 附件 label after the body (the attachment is cut; the body is whole).
    """
    if report.kind == "project_table":
        return []
    tmpl = template(report.template) if report.template else None
    present_roles = {report.role_of(s) for s in report.sections}
    labels = [s.label for s in report.sections]
    out: list[tuple[str, str, str, str]] = []
    if tmpl is not None:
        order = [p.label for p in tmpl.parts]
        last = max((order.index(lab) for lab in labels if lab in order), default=-1)
        for i, part in enumerate(tmpl.parts):
            if not part.required or part.label in labels:
                continue
            if part.role not in ("other", "conclusion") and part.role in present_roles:
                continue  # the role is played under another numeral
            if report.cut and i > last and not body_then_cut_attachment(report):
                continue  # after the cut: not missing, just not on the page
            out.append((part.label, part.title, part.role, part.required))
        return out
    cut_in_body = report.cut and not body_then_cut_attachment(report)
    if cut_in_body or report.kind not in ("report", "project_report", "combined"):
        return []
    for role, severity in (("basic_info", "warning"), ("performance", "error"), ("problems", "error"),
                           ("measures", "error")):
        if role not in present_roles:
            out.append(("", ROLE_NAMES[role], role, severity))
    return out


@rule("CMP001", "completeness", "warning", "正文缺少部分", REF_RUBRIC_PARTS, applies_to=("report",),
      costs=cost(COMPLETENESS, 2, "正文缺部分或只有模板提示", cap=8))
def missing_sections(report, ctx):
    """正文应包含其模板规定的各部分（一…十模板为一至十部分）。

    ## 检查内容
    按识别出的模板核对正文各部分：一…十模板应有“一、基本情况”至“十、其他需要说明的情况”，其他模板
    （四部分简式、项目支出自评报告等）按各自的部分核对；认不出模板的，核对基本情况、绩效目标及完成情况、
    存在的问题、改进措施四个核心部分。缺绩效、问题、措施部分为错误，缺其他部分为警告。文本被截断的
    （网页摘录），截断处之后的部分不算缺少。文件只有表格（没有任何正文部分）时报一条警告（.xlsx 表格文件除外）。
    ## 为什么重要
    考核评分表按部分计分，正文每少一个部分扣2分；绩效、问题、措施是绩效自评的核心内容。
    ## 示例
    报告从“六、部门整体支出绩效情况”直接跳到“八、下一步改进措施”，缺少“七、存在的问题及原因分析”。
    """
    r = missing_sections.rule
    present = {s.label for s in report.sections}
    if not present:
        # A tables-only file (typically the .xlsx companion of a report) has no body by design.
        if report.meta.format != "xlsx" and report.kind == "report" and report.tables and not report.cut:
            yield r.make(
                at("全文"),
                "文件只有表格，没有报告正文（一至十部分）",
                evidence=f"识别到的附件：{'、'.join(a.label for a in report.attachments) or '无'}",
                suggestion="如正文另行报送可忽略；否则按“一、基本情况”至“十、其他需要说明的情况”撰写正文。",
            )
        return
    for label, title, _role, severity in expected_parts(report):
        if label:
            message = f"正文缺少第{label}部分“{title}”"
            suggestion = f"补写“{label}、{title}”；确无相关内容的，写明“无”并说明原因。"
        else:
            message = f"正文缺少“{title}”部分"
            suggestion = f"补写“{title}”部分；确无相关内容的，写明“无”并说明原因。"
        yield r.make(
            at("全文"),
            message,
            evidence=f"已有部分：{'、'.join(s.label for s in report.sections)}"
            + (f"（模板：{template(report.template).title}）" if report.template else ""),
            suggestion=suggestion,
            severity=severity,
        )


_AMOUNT = re.compile(r"(\d+(?:[,，]\d{3})*(?:\.\d+)?)\s*万?元")


def _project_spending(report) -> tuple[Decimal, str] | None:
    fig = report.budget.project.total if report.budget else None
    if fig is not None and fig.value > 0:
        return fig.value, f"第二部分项目支出{money(fig.value)}"
    se = report.self_eval
    if se is not None:
        for key, f in se.by_nature.items():
            if "项目支出" in key and f is not None and f.value > 0:
                return f.value, f"附件2按支出性质分项目支出{money(f.value)}"
    return None


def _section_spending(report, label: str) -> Decimal | None:
    """Largest amount stated in 三/四/五 (None when the section states none, e.g. '无')."""
    best: Decimal | None = None
    for m in _AMOUNT.finditer(to_halfwidth(report.section_text(label))):
        v = Decimal(m.group(1).replace(",", "").replace("，", ""))
        if v > 0 and (best is None or v > best):
            best = v
    return best


def attachment_presence(report) -> dict[str, bool]:
    labels = {a.label for a in report.attachments}
    return {
        "附件1": "附件1" in labels or report.basic_data is not None,
        "附件2": "附件2" in labels or report.self_eval is not None,
        "附件3": "附件3" in labels or bool(report.projects),
    }


def missing_attachments_of(report) -> list[tuple[str, str, str]]:
    """Required attachments that are missing: (label, severity, why).

    Only the templates that prescribe attachments (the 一…十 template: 附件1–6) are held to them, and a cut
    document is missing nothing after its cut (the attachments follow the body).
    """
    tmpl = template(report.template) if report.template else None
    if report.kind != "report" or tmpl is None or not tmpl.attachments or report.cut:
        return []
    have = attachment_presence(report)
    labels = {a.label for a in report.attachments}
    out: list[tuple[str, str, str]] = []
    for label in tmpl.attachments:
        if not have.get(label, label in labels):
            out.append((label, "error", f"缺少{label}“{ATTACHMENT_TITLES[label]}”"))
    spend = _project_spending(report)
    if spend is not None and not have["附件3"]:
        out.append(("附件3", "warning", f"{spend[1]}，但缺少附件3“项目支出绩效自评表”"))
    for sec, att in (("三", "附件4"), ("四", "附件5"), ("五", "附件6")):
        amount = _section_spending(report, sec)
        if amount is None or att in labels:
            continue
        if att == "附件5" and report.rubric is not None and report.rubric.section == "附件5":
            continue  # the label is taken by the 考核评分表; do not guess
        out.append((
            att,
            "warning",
            f"第{sec}部分列有{SECTION_TITLES[sec][:-4]}支出{money(amount)}，但缺少{att}“{ATTACHMENT_TITLES[att]}”",
        ))
    return out


@rule("CMP002", "completeness", "error", "缺少必备附件", REF_RUBRIC_PARTS, applies_to=("report",),
      costs=cost(COMPLETENESS, 2, "附件缺部分", cap=7))
def missing_attachments(report, ctx):
    """报告应附基础数据表、整体支出绩效自评表，有项目支出的还应附项目支出绩效自评表。

    ## 检查内容
    附件1（基础数据表）、附件2（整体支出绩效自评表）必须有（缺失为错误）；项目支出大于0时应有附件3项目支出绩效
    自评表（缺失为警告）；第三、四、五部分写明有政府性基金、国有资本经营、社会保险基金支出金额的，应有附件4—6。
    ## 为什么重要
    考核评分表对附件每少一个部分扣2分；没有附件3，项目支出的绩效无从核对。
    ## 示例
    第二部分写“项目支出为1517.72万元”，报告却只有附件1、附件2和考核评分表，没有附件3。
    """
    r = missing_attachments.rule
    present = "、".join(sorted(a.label for a in report.attachments)) or "无"
    for label, severity, message in missing_attachments_of(report):
        suggestion = {
            "附件3": "为每个一级项目填报一张项目支出绩效自评表，作为附件3附在报告后。",
        }.get(label, f"按规定格式填报并附上{label}{ATTACHMENT_TITLES[label]}。")
        yield r.make(
            at("全文"),
            message,
            evidence=f"报告中的附件：{present}",
            suggestion=suggestion,
            severity=severity,
        )


@rule("CMP003", "completeness", "warning", "年度总体目标栏为空", REF_TABLE,
      costs=cost(SELF_EVAL_TABLE, 1, "年度总体目标未填", cap=2))
def blank_goal(report, ctx):
    """自评表“年度总体目标”的预期目标和实际完成情况都要填写。

    ## 检查内容
    附件2、附件3及单独的项目支出绩效自评表中，“年度总体目标”一栏的“预期目标”“实际完成情况”单元格是否为空
    （两格都空的合并为一条，列出两处）；表中根本没有“年度总体目标”栏的也报告。
    ## 为什么重要
    总体目标是整张自评表的纲，空着就无法判断年度目标是否实现。
    ## 示例
    “年度总体目标 | 预期目标 | 实际完成情况”下一行两个单元格都只有空格。
    """
    r = blank_goal.rule
    for se in self_eval_tables(report):
        label = table_label(se)
        if se.goal_source is None:
            table = report.tables[se.table] if se.table is not None and se.table < len(report.tables) else None
            text = squash("".join("".join(row) for row in table.rows)) if table else ""
            if table is not None and "总体目标" not in text and se.indicators:
                yield r.make(
                    at(se.section, table=se.table),
                    f"{label}缺少“年度总体目标”栏",
                    suggestion="补充“年度总体目标”栏，填写预期目标和实际完成情况。",
                )
            continue
        src = se.goal_source
        if report.cut and squash(report.cut)[-12:] in squash(se.goal_target + se.goal_actual):
            continue  # the page stops inside this row: the cell after the cut is not blank, just not there
        blanks = []
        for cell, value, name in ((1, se.goal_target, "预期目标"), (2, se.goal_actual, "实际完成情况")):
            if not is_blank(value):
                continue
            blanks.append(r.make(
                at(src.section, table=src.table, row=src.row, cell=cell),
                f"{label}“年度总体目标”的{name}为空",
                evidence=f"预期目标：{clip(se.goal_target, 40) or '（空）'}；实际完成情况：{clip(se.goal_actual, 40) or '（空）'}",
                suggestion="预期目标概括年初设定的总体绩效目标（含主要量化指标），实际完成情况逐项写明完成数。"
                if name == "预期目标"
                else "对照预期目标逐项写明实际完成的数量、质量、时效和效益。",
            ))
        if len(blanks) == 2:  # the whole 年度总体目标 row left empty: one finding, both cells
            yield merge_places(
                blanks,
                message=f"{label}“年度总体目标”的预期目标和实际完成情况均为空",
                suggestion="预期目标概括年初设定的总体绩效目标（含主要量化指标），实际完成情况对照预期目标逐项写明"
                "实际完成的数量、质量、时效和效益。",
            )
        else:
            yield from blanks


_APPLY_WORDS = re.compile(
    r"应用|运用|用于|作为|依据|参考|挂钩|结合|纳入|预算安排|预算编制|改进|整改|调整|反馈|考核"
)
_PUBLISH_WORDS = re.compile(r"公开|公示|公布|发布|网站|网页|门户|政务|报送|上报|不公开|涉密")


_NINE_SUGGESTION = (
    "写明自评结果的应用（如作为下年度预算安排、项目调整和改进管理的依据）和公开方式（如随部门决算在门户网站公开）。"
)


_ROLE_TEN_LABEL = {role: label for label, role in TEN_ROLES.items()}


def _thin_limit(label: str, th, role: str = "") -> int:
    """Minimum characters of a part, by its 一…十 label or else by the label of the part playing its role."""
    by = th.min_chars_by_section
    key = label if label in TEN_ROLES and (not role or TEN_ROLES[label] == role) else _ROLE_TEN_LABEL.get(role, "")
    if key in by:
        return by[key]
    if key == "七":
        return th.min_problems_chars
    if key in KEY_SECTIONS:
        return th.min_section_chars
    return 1  # 三/四/五/十 may legitimately be "无": only an empty section is thin


@rule("CMP004", "completeness", "warning", "正文部分内容过少", REF_RUBRIC_PARTS, applies_to=("report",),
      costs=(cost(PROBLEMS, 3, "内容过少", sections=("七",)), cost(MEASURES, 2, "内容过少", sections=("八",))))
def thin_section(report, ctx):
    """正文各部分不能空着或只有一两句话；第九部分要写明结果怎么应用、在哪里公开。

    ## 检查内容
    去掉标点后的字数低于该部分阈值的为内容过少（默认：一30字、二20字、六30字、七40字、八30字、九15字，
    可在评审配置 ``thresholds.min_chars_by_section`` 中调整）；三、四、五、十部分可以写“无”，只有完全为空才报告。
    第九部分即使字数够，没有写自评结果如何应用（如作为预算安排依据、用于改进管理）或在何处公开（门户网站等）
    的，也报告缺哪一项。
    ## 为什么重要
    这几部分是绩效自评的实质内容，过于简略等于缺项，评分时按缺项或“酌情扣分”处理；第九部分是评分表
    “结果应用和公开”的依据。
    ## 示例
    “七、存在的问题及原因分析”下只有一句“2022年本单位整体支出绩效目标监控任务达成，不存在未完成原因分析。”；
    “九、绩效自评结果拟应用和公开情况”下只有“按规定公开。”
    """
    r = thin_section.rule
    th = ctx.profile.thresholds
    for i, s in enumerate(report.sections):
        if report.cut and i == len(report.sections) - 1:
            continue  # the page stops inside this part: its length says nothing (CMP008 says it is cut)
        role = report.role_of(s)
        n = len(plain(s.text))
        limit = _thin_limit(s.label, th, role)
        name = part_title(s)
        where = at(s.label, paragraph=0 if s.paragraphs else None)
        if n < limit:
            msg = (
                f"{name}没有内容"
                if n == 0
                else f"{name}只有{n}字，内容过少（少于{limit}字）：“{clip(s.text, 60)}”"
            )
            yield r.make(
                where,
                msg,
                evidence=clip(s.text, 160),
                suggestion=_NINE_SUGGESTION if role == "application"
                else f"充实{part_name(s)}：结合本单位年度数据和事实具体阐述，不要只写结论。",
            )
            continue
        if role == "application":
            title = part_title(s)
            text = to_halfwidth(s.text)
            lacks = [w for w, rx in (("自评结果如何应用", _APPLY_WORDS), ("在何处公开", _PUBLISH_WORDS))
                     if not rx.search(text)]
            if lacks:
                yield r.make(
                    where,
                    f"{title}没有写明{'、'.join(lacks)}：“{clip(s.text, 60)}”",
                    evidence=clip(s.text, 160),
                    suggestion=_NINE_SUGGESTION,
                )


_PLACEHOLDER = re.compile(
    r"[【\[［(（]\s*(?:待补充|待填写|待完善|待核实|待确认|请补充|请填写|TODO|略|此处略|内容略)"
    r"[^】\]］)）\n]{0,60}[】\]］)）]"
)
# Unbracketed "to be completed" notes: the text says it is unfinished ("待补充。", "此部分内容待补充完善。").
_TODO_NOTE = re.compile(r"(?:待|有待|尚待|需|仍需)(?:补充|填写|填报|完善|核实|确认|补录)(?:完善|完整|齐全)?")
_TODO_SUBJECT = re.compile(r"^(?:此|本|该|以下|以上|相关|具体)?(?:部分|处|项|段|内容|数据|情况|资料|材料)*(?:内容|数据|情况)?")
# Placeholder figures: "XXX万元", "××%", "X人" — letters or crosses standing in for a number.
_PLACEHOLDER_FIGURE = re.compile(r"(?<![A-Za-z])[XxＸｘ×＊*]{1,}\s*(?:\.\s*[XxＸｘ×]+)?\s*(?:万元|元|%|％|人|个|项|次|份|件|年|月|日)")


def _placeholder_hits(text: str) -> list[str]:
    hits = [m.group(0) for m in _PLACEHOLDER.finditer(text)]
    for sentence in re.split(r"[。；;！!\n]", text):
        core = re.sub(r"[\s，,、：:“”\"]", "", sentence)
        m = _TODO_NOTE.search(core)
        # the whole sentence is a to-do note (its subject is only "此部分内容" and the like)
        if m and not _TODO_SUBJECT.sub("", core[: m.start()]) and len(core) - m.end() <= 4:
            hits.append(sentence.strip())
        elif re.fullmatch(r"(?:此处|此部分|本部分|以下|以上|内容|具体内容)*略", core):
            hits.append(sentence.strip())
    hits += [m.group(0) for m in _PLACEHOLDER_FIGURE.finditer(text)]
    return list(dict.fromkeys(hits))


_PLACEHOLDER_SCREEN = re.compile(r"[待略XxＸｘ×＊*【\[［]|TODO")


@rule("CMP005", "completeness", "warning", "残留“待补充”占位", "起草助手约定：【待补充：…】处须由单位据实填写")
def placeholders_left(report, ctx):
    """起草时留下的占位（【待补充：…】、“待补充。”、“（略）”、“XXX万元”）必须在定稿前填上。

    ## 检查内容
    正文、附件说明和表格单元格中：括号占位（“【待补充：…】”“（待填写）”“（略）”）；整句只是待办说明的
    （“待补充。”“此部分内容待补充完善。”“相关数据待核实”）；用X、×代替数字的金额、比率、人数（“XXX万元”
    “××%”）。每处一条。
    ## 为什么重要
    占位处是只有单位自己掌握的事实（人数、日期、调查样本等），留着占位的报告不能上报或公开。
    ## 示例
    “满意度调查共发放问卷【待补充：问卷份数】份。”；第十部分只有“此部分内容待补充完善。”；
    “全年支出XXX万元”。
    """
    r = placeholders_left.rule
    for piece in iter_text(report):
        t = piece.text
        if not _PLACEHOLDER_SCREEN.search(t):
            continue  # cheap pre-check: almost every piece is finished text
        for hit in _placeholder_hits(t):
            yield r.make(
                piece.location,
                f"{piece.where}留有占位“{clip(hit, 50)}”未填写",
                evidence=clip(piece.text, 160),
                suggestion="用本单位的真实数据或事实替换占位内容；确无此项的删除该句。",
            )


_FUND_COLUMNS = {
    "initial_budget": "年初预算数",
    "budget": "全年预算数",
    "executed": "全年执行数",
    "weight": "分值",
    "rate": "执行率",
    "score": "得分",
}


def _find_row(report, table_index: int | None, label: str) -> int | None:
    if table_index is None or table_index >= len(report.tables):
        return None
    for i, row in enumerate(report.tables[table_index].rows):
        first = next((squash(c) for c in row if squash(c)), "")
        if first.startswith(label):
            return i
    return None


@rule("CMP006", "completeness", "warning", "必填单元格为空", REF_TABLE)
def blank_required_cells(report, ctx):
    """基础数据表的三公经费合计行、自评表的年度资金总额行、人员编制栏必须填写。

    ## 检查内容
    附件1“三公经费”合计行各列、编制数和实际在职人数；附件2/附件3“年度资金总额”行的年初预算数、全年预算数、
    全年执行数、分值、执行率、得分。每行一条，列出空着的列。
    ## 为什么重要
    合计行空着，三公经费总额无法与分项核对；资金总额行空着，执行率和得分无从计算。
    ## 示例
    附件1“三公经费”行的“2021年决算数、2022年预算数、2022年决算数”均为空，而下面的分项都有数字。
    """
    r = blank_required_cells.rule
    bd = report.basic_data
    if bd is not None and bd.sangong is not None:
        total = next((row for row in bd.sangong.rows if row.key == "total"), None)
        if total is not None:
            blanks = [col for col in bd.sangong.columns if total.values.get(col) is None]
            if blanks:
                row_i = _find_row(report, bd.sangong.table, "三公经费")
                first_cell = 1 + bd.sangong.columns.index(blanks[0])
                filled = [row.name for row in bd.sangong.rows if row.key != "total" and any(row.values.values())]
                yield r.make(
                    at("附件1", table=bd.sangong.table, row=row_i, cell=first_cell),
                    f"附件1“三公经费”合计行的{'、'.join(blanks)}为空"
                    + ("（分项已填数）" if filled else ""),
                    evidence=f"空列：{'、'.join(blanks)}；已填分项：{'、'.join(filled[:4]) or '无'}",
                    suggestion="填写三公经费合计（=因公出国（境）+公务用车购置及运行维护+公务接待），各年度列都要填。",
                )
    if bd is not None:
        st = bd.staffing
        missing = [name for name, fig in (("编制数", st.authorized), ("实际在职人数", st.actual)) if fig is None]
        if missing and (st.authorized or st.actual or st.control_rate):
            table_i = bd.sangong.table if bd.sangong else None
            yield r.make(
                at("附件1", table=table_i),
                f"附件1财政供养人员情况的{'、'.join(missing)}为空",
                suggestion="填写编制数和实际在职人数，并据此计算控制率。",
            )
    for se in self_eval_tables(report):
        fund = next((f for f in se.funds if "资金总额" in f.name), None)
        if fund is None:
            continue
        blanks = [name for key, name in _FUND_COLUMNS.items() if getattr(fund, key) is None]
        if not blanks:
            continue
        src = next((getattr(fund, k).source for k in _FUND_COLUMNS if getattr(fund, k) is not None), None)
        row_i = src.row if src is not None else _find_row(report, se.table, "年度资金总额")
        yield r.make(
            at(se.section, table=se.table, row=row_i),
            f"{table_label(se)}“年度资金总额”行的{'、'.join(blanks)}为空",
            evidence="；".join(
                f"{name}：{getattr(fund, key).raw if getattr(fund, key) is not None else '（空）'}"
                for key, name in _FUND_COLUMNS.items()
            ),
            suggestion="按决算数据填写年初预算数、全年预算数、全年执行数，并计算执行率和得分（得分=分值×执行率）。",
        )


@rule("CMP007", "completeness", "info", "PDF 附件表格未能自动核对", "PDF 不保留表格结构：附表数据需人工核对或提供 .docx/.xlsx")
def pdf_tables_not_checked(report, ctx):
    """PDF 中的附件表格无法还原为表格，表内数字没有自动核对。

    ## 检查内容
    输入是 PDF、报告列出了附件但没有得到任何表格时，提示审阅人：附件1、附件2 等表格中的执行率、得分、
    三公经费等数字未做自动核对（正文仍逐项检查）。
    ## 为什么重要
    避免把“没有发现表格问题”误读为“表格没有问题”；提供 .docx 或 .xlsx 可以核对全部数字。
    ## 示例
    上传从政府网站下载的 PDF 版自评报告，附件1、附件2 以图片或排版文字出现。
    """
    if report.meta.format != "pdf" or report.tables:
        return
    labels = [a.label for a in report.attachments]
    where = "、".join(labels) if labels else "附件"
    yield pdf_tables_not_checked.rule.make(
        at(labels[0] if labels else "全文"),
        f"PDF 文件无法还原表格：{where}中的数字（执行率、得分、三公经费等）未自动核对，仅检查了正文",
        evidence=report.meta.parser,
        suggestion="如需核对附表数字，请提供同一报告的 .docx（或附件表格的 .xlsx）文件。",
    )


@rule("CMP008", "completeness", "info", "文本不完整（疑为截断）", "公开的自评报告应完整；网页摘录或截断的文本只能审阅已有部分")
def cut_text(report, ctx):
    """文本在句子、词语或表格中间中断时，说明只审阅了已有部分，截断处之后不算缺少。

    ## 检查内容
    全文最后一段停在半句话（没有句末标点、停在逗号或括号处）、停在标题上、自评表停在指标行而没有总分/合计行，
    或最后一个部分只有标题，即判断为截断，报告一条提示并引用最后的文字；此时截断处之后的部分和附件
    不再报告“缺少”。
    ## 为什么重要
    从网站下载或复制的报告常被截断；把截断当作缺项会得出错误结论，而不说明截断又会让人误以为全文都审阅过了。
    ## 示例
    全文最后一行是“项目支出包括委员活动经费36.3万元，扫黑除恶工作经费1万元，调研协商”。
    """
    if not report.cut:
        return
    yield cut_text.rule.make(
        at("全文"),
        f"文本在“{report.cut}”处中断，疑为截断的文件或网页摘录：只审阅了已有部分，其后的部分和附件不按缺少处理",
        evidence=report.cut,
        suggestion="如有完整文件（.docx/.pdf），请提交完整文件再审阅。",
    )


@rule("CMP009", "completeness", "info", "自评表未能读出", "财预〔2020〕10号：绩效自评表应完整填写预算执行和指标完成情况")
def form_not_read(report, ctx):
    """识别为自评表、却没有读出表格结构时，说明表内数字没有核对，而不是静默通过。

    ## 检查内容
    文件被识别为项目支出绩效自评表（或报告后附自评表），但没有读出任何一张自评表（找不到表头一级/二级/
    三级指标、年度指标值、实际完成值、分值、得分等列）时，报告一条提示，说明预期的表格和未核对的内容。
    ## 为什么重要
    “没有发现问题”不能等同于“表格没有问题”：排版被打乱、扫描或截断的表格需要人工核对。
    ## 示例
    网页上的自评表每个单元格占一行、以“|”分隔，表头无法对齐，表内分值、得分未能自动核对。
    """
    if report.kind not in ("project_table", "combined") or report.projects or report.self_eval is not None:
        return
    yield form_not_read.rule.make(
        at("全文"),
        "识别为项目支出绩效自评表，但未能读出表格结构（一级/二级/三级指标、年度指标值、实际完成值、分值、得分），"
        "表内的执行率、分值、得分和指标完成值未自动核对",
        evidence=report.kind_reason,
        suggestion="请人工核对自评表，或提供原始 .docx/.xlsx 文件以便逐项核对。",
    )


_SUBHEADING = re.compile(r"^(?:[(（][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[、.．](?!\d)|[一二三四五六七八九十]{1,2}、)")


@rule("CMP010", "completeness", "warning", "资金执行情况没有执行金额", REF_TABLE,
      costs=cost(COMPLETENESS, 1, "资金执行情况未写执行数", cap=1))
def execution_without_figures(report, ctx):
    """写“资金执行情况”的小节应给出执行金额或执行率。

    ## 检查内容
    正文中标题为“项目资金执行情况分析”“预算执行情况”等（评审配置 execution_headings）的小标题，其下文字
    （到下一个编号小标题为止）没有任何数字——既无支出金额，也无执行率。小标题下为空的不在此报告（截断的文本
    常见）。标题与正文连写在一段里的（“(一)资金投入情况分析,……”），读到同级或上级的下一个标题为止，其中没有
    支出、支付、拨付金额或执行率的也报告（页面在这一段中截断的不报告）。
    ## 为什么重要
    预算执行率是自评的第一项指标（10分）；只写“已按合同完成支付”无法核实执行了多少、执行率是多少。
    ## 示例
    “2.项目资金执行情况分析”下只有“该专项资金已按合同规定完成对该项目进度的支付。”；应写“全年支出98.6万元，
    执行率93.9%”。
    """
    r = execution_without_figures.rule
    heads = ctx.profile.phrases.execution_headings
    for s in report.sections:
        paras = s.paragraphs
        for i, p in enumerate(paras):
            t = to_halfwidth(p.text).strip()
            if len(t) > 30 or not _SUBHEADING.match(t) or not any(h in t for h in heads):
                continue
            body = []
            for q in paras[i + 1:]:
                qt = to_halfwidth(q.text).strip()
                if _SUBHEADING.match(qt) and len(qt) <= 30:
                    break
                body.append(qt)
            text = "".join(body)
            if not text or re.search(r"\d|[一二三四五六七八九十百千万]+(?:万元|元)", text):
                continue
            yield r.make(
                at(s.label, paragraph=p.index),
                f"{part_name(s)}“{clip(t, 24)}”下没有执行金额和执行率：“{clip(text, 40)}”",
                evidence=clip(text, 160),
                suggestion="写明全年预算数、实际支出数和预算执行率（如“全年支出98.6万元，执行率93.9%”），未执行完的说明原因。",
            )
    yield from _execution_without_figures_inline(report, r, heads)


# A heading run into the text ("…(一)资金投入情况分析,2021年度…3.项目资金管理情况分析,(二)…"): its level
# decides where its body ends (the next heading of the same or a higher level).
_INLINE_MARK = re.compile(r"[(（][一二三四五六七八九十]{1,2}[)）]|(?<![\d.])\d{1,2}[、.．](?!\d)|[一二三四五六七八九十]{1,2}、")
_EXECUTED = re.compile(r"执行率|支付率|拨付率|支出率|(?:支出|支付|拨付|执行|使用)[^，,。；;]{0,8}?\d")


def _mark_level(mark: str) -> int:
    if mark[0] in "(（":
        return 2
    return 3 if mark[0].isdigit() else 1


def _execution_without_figures_inline(report, r, heads):
    """CMP010 for a funding part whose heading is run into a long paragraph (flattened pages)."""
    titles = tuple(heads) + ("资金投入情况",)
    for s in [None, *report.sections]:
        paras = report.preamble if s is None else s.paragraphs
        label = "全文" if s is None else s.label
        for p in paras:
            t = to_halfwidth(p.text)
            if len(t) <= 30:
                continue  # a heading on its own line: the pass above reads it
            marks = list(_INLINE_MARK.finditer(t))
            for k, m in enumerate(marks):
                head = re.match(r"[^,，。；;:：\s]{0,16}", t[m.end():]).group(0)
                if not any(h in head for h in titles):
                    continue
                level = _mark_level(m.group(0))
                nxt = next((n for n in marks[k + 1:] if _mark_level(n.group(0)) <= level), None)
                if nxt is None and report.cut:
                    continue  # the page may stop before the figures
                body = t[m.end() + len(head): nxt.start() if nxt else len(t)].strip(" ,，:：")
                if len(body) < 20 or _EXECUTED.search(body):
                    continue
                yield r.make(
                    at(label, paragraph=p.index),
                    f"“{m.group(0)}{head}”一段没有执行金额和执行率：“{clip(body, 50)}”",
                    evidence=clip(body, 160),
                    suggestion="写明全年预算数、实际支出数和预算执行率（如“全年支出98.6万元，执行率93.9%”），未执行完的说明原因。",
                )
                return


def blank_labels(report, pieces, pattern: re.Pattern) -> list[tuple]:
    """(piece, label) for each form label ``pattern`` finds with nothing after its colon. A label standing last
    where the page is cut is not blank: what follows may be on the next page."""
    tail = plain((report.cut or "")[-16:])
    out: list[tuple] = []
    for piece in pieces:
        text = piece.text.strip()
        if "：" not in text and ":" not in text:
            continue
        for m in pattern.finditer(text):
            if tail and plain(text).endswith(tail) and not plain(text[m.end():]):
                continue
            out.append((piece, m.group(1)))
    return out


# ------------------------------------------------------------------ CMP030 the form's sign-off left blank

_SIGN_LABELS = ("项目负责人", "财务负责人", "单位负责人", "分管领导", "填报人", "填表人", "联系人", "联系电话")
_SIGN_LABEL = "|".join(_SIGN_LABELS)
# a sign-off label with nothing after its colon: the line or cell ends, or the next label (or the date) follows
_BLANK_SIGN = re.compile(rf"({_SIGN_LABEL})\s*[:：]\s*(?=$|(?:{_SIGN_LABEL}|填报日期|日期)\s*[:：])")
REF_SIGN = "财预〔2020〕10号附件：绩效自评表须由项目负责人、财务负责人签署，单位盖章，对自评结果负责"


@rule("CMP030", "completeness", "warning", "自评表签署栏空白", REF_SIGN)
def sign_off_blank(report, ctx):
    """自评表末尾的“项目负责人：”“财务负责人：”“填报人：”“联系电话：”等签署栏不应空着。

    ## 检查内容
    正文和表格中这些栏目名称后的冒号之后什么也没写（一行或一格到此为止，或紧跟下一个栏目名、日期）的，报告一条，
    列出每个空栏。页面恰好截断在栏目名之后的不判断（后面可能还有内容）。
    ## 为什么重要
    负责人签署表明对自评结果负责；空着的签署栏说明表格未经审核签字，公开的自评表也无人对其真实性负责。
    ## 示例
    表格末行“项目负责人: | 财务负责人: |”，两栏都没有填写姓名。
    """
    r = sign_off_blank.rule
    blank = blank_labels(report, iter_text(report), _BLANK_SIGN)
    if not blank:
        return
    names = list(dict.fromkeys(label for _, label in blank))
    first = blank[0][0]
    yield r.make(
        first.location,
        f"自评表签署栏空白：{'、'.join(names)}未填写",
        evidence="；".join(f"{p.where}：“{clip(p.text, 40)}”" for p, _ in blank[:4]),
        suggestion="由项目负责人、财务负责人签署姓名（并填写联系电话），单位盖章后再报送、公开。",
    )


@rule("CMP040", "completeness", "info", "第三方评价报告，不是单位自评",
      "财预〔2020〕10号：绩效评价分为单位自评、部门评价和财政评价；单位自评由预算单位自行组织")
def third_party_report(report, ctx):
    """受财政或主管部门委托、由会计师事务所等第三方机构出具的绩效评价报告，不是单位的绩效自评。

    ## 检查内容
    开头写明“受……委托，我所（我公司）成立评价工作组……”，或标题处署名会计师事务所、咨询公司等机构的
    绩效评价报告，提示它是第三方（财政重点评价或部门评价）报告，并照常审阅其中的数字和文字。
    ## 为什么重要
    审阅的对象是单位自评；第三方报告的评分和结论是评价机构的意见，不能当作单位自评结果汇总，
    “自评得分”“自评结论”等要求也应按评价机构报告的要求理解。
    ## 示例
    “受隆回县财政局委托，我所成立绩效评价工作组对……乡村振兴项目实施绩效评价。”
    """
    parts = [report.title, *(p.text for p in report.preamble)]
    for sec in report.sections:
        parts += [sec.heading, *(p.text for p in sec.paragraphs)]
    for att in report.attachments:
        parts += [att.title, *(p.text for p in att.paragraphs)]
    who = third_party_evaluator("".join(parts))
    if not who:
        return
    yield third_party_report.rule.make(
        at("全文"),
        f"这是受委托的第三方机构出具的绩效评价报告（“{who}”），不是单位绩效自评：已按报告文字照常审阅，"
        "其得分和结论是评价机构的意见，不应计作单位自评结果",
        evidence=who,
        suggestion="如需审阅单位自评，请提交该单位自己的绩效自评报告或自评表；第三方报告可按财政评价报告的要求另行复核。",
    )


# a working group's roster line with nothing after its colon: "组长:" / "副组长:" / "成员:"
_ROSTER_LABEL = re.compile(r"(组长|副组长|组员|成员|联络员)\s*[:：]\s*(?=$|(?:组长|副组长|组员|成员|联络员)\s*[:：])")


@rule("CMP041", "completeness", "warning", "工作组名单空白", REF_RUBRIC_PARTS)
def blank_roster(report, ctx):
    """写了自评（评价）工作组的“组长：”“副组长：”“成员：”，冒号后却没有填人名。

    ## 检查内容
    正文中至少两个工作组名单栏目（组长、副组长、组员、成员、联络员）冒号后为空（一段到此为止，或紧跟下一个
    栏目）的，报告一条，列出空着的栏目。只有一个空栏目的不报告（可能是排版把名字挤到了下一段）。
    ## 为什么重要
    写明由谁组织自评是自评工作开展情况的基本内容；名单空着说明照模板起草后没有填写，公开后也显得敷衍。
    ## 示例
    “1.工作组成员 / 组长: / 副组长: / 成员: / 由经发办、财政所共同负责。”
    """
    blank = blank_labels(report, (p for p in iter_paragraphs(report) if len(p.text.strip()) <= 40), _ROSTER_LABEL)
    if len(blank) < 2:
        return
    names = list(dict.fromkeys(label for _, label in blank))
    yield blank_roster.rule.make(
        blank[0][0].location,
        f"工作组名单空白：{'、'.join(names)}未填写",
        evidence="；".join(f"{p.where}：“{clip(p.text, 20)}”" for p, _ in blank[:4]),
        suggestion="填写自评工作组组长、副组长和成员的姓名及职务，或删去模板中的名单栏目。",
    )
