"""Build the typed domain views of a Report from its sections and tables.

Extraction only reads; it never judges (rules in ``assistant.review`` do that).
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.report.model import (
    BasicData,
    BudgetSummary,
    ClassBreakdown,
    ExpenseRow,
    Figure,
    FundRow,
    IndicatorRow,
    Paragraph,
    Report,
    Rubric,
    RubricItem,
    SanGong,
    SanGongRow,
    SelfEvalTable,
    Source,
    Staffing,
    Table,
)
from assistant.report.normalize import NUMBER, is_percent, number_in, parse_decimal, squash, to_halfwidth
from assistant.report.tables import (
    FUND_COLUMNS,
    INDICATOR_COLUMNS,
    RUBRIC_COLUMNS,
    UNREAD_LABEL,
    checked_option,
    compact_number,
    header_map,
    is_fund_header,
    is_indicator_header,
    read_header,
)

# ------------------------------------------------------------------ helpers

CLASS_PATTERNS: dict[str, str] = {
    "工资福利支出": r"工资福利(?:支出)?",
    "商品和服务支出": r"商品(?:和|及)?服务(?:支出)?",
    "对个人和家庭的补助": r"对个人和家庭(?:的)?补助(?:支出)?",
    "资本性支出": r"资本性支出",
}
_AMOUNT = rf"({NUMBER})\s*(万元|元)"


def _fig(value: Decimal, raw: str, source: Source, unit: str = "万元") -> Figure:
    return Figure(value=value, unit=unit, raw=raw, source=source)


YUAN_PER_WAN = Decimal(10000)


def cell_figure(text: str, source: Source, unit: str = "万元", in_yuan: bool = False) -> Figure | None:
    """A table cell holding just a number (or a percentage) -> Figure. Money is kept in 万元:
    a table whose header says （元） is converted exactly (raw keeps the written figure)."""
    text = compact_number(text)
    value = parse_decimal(text)
    if value is None:
        return None
    if is_percent(text):
        unit = "%"
    elif in_yuan and unit == "万元":
        value = value / YUAN_PER_WAN
    return _fig(value, text.strip(), source, unit)


def header_in_yuan(text: str) -> bool:
    """'经费控制情况（元）', '单位：元', '项目资金(元)' -> True; '（万元）' -> False."""
    t = squash(text)
    return bool(re.search(r"[(（]元[)）]|单位[:：]元(?!\w)|金额[:：]?元", t)) and "万元" not in t


def _money(m: re.Match, source: Source) -> Figure | None:
    """An amount in running text; 元 amounts are converted to 万元 exactly (raw keeps the text)."""
    num = number_in(m.group(1))
    if num is None:
        return None
    if m.group(2) == "元":
        return _fig(num / YUAN_PER_WAN, m.group(0), source, "万元")
    return _fig(num, m.group(0), source, m.group(2))


# ------------------------------------------------------------------ section 二


def extract_budget(report: Report) -> BudgetSummary:
    summary = BudgetSummary()
    sec = report.section("二")
    if sec is None:
        return summary
    context: str | None = None
    for para in sec.paragraphs:
        text = to_halfwidth(para.text)
        src = Source(section="二", paragraph=para.index, raw=para.text)
        if re.match(r"^（一）|^1[、.]", text) and "基本支出" in text:
            context = "basic"
        elif re.match(r"^（二）|^2[、.]", text) and "项目支出" in text:
            context = "project"
        if summary.total is None:
            m = re.search(rf"(?:支出合计|总支出|支出总额|全年支出|共计支出)[^0-9，。]{{0,6}}?{_AMOUNT}", text)
            if m:
                summary.total = _money(m, src)
        classes = {
            name: re.search(rf"{pat}[^0-9，。；]{{0,8}}?{_AMOUNT}", text) for name, pat in CLASS_PATTERNS.items()
        }
        found = {k: v for k, v in classes.items() if v}
        subject = context
        pos_basic = text.find("基本支出")
        pos_project = text.find("项目支出")
        if found:
            first_class = min(m.start() for m in found.values())
            candidates = [(p, s) for p, s in ((pos_basic, "basic"), (pos_project, "project")) if 0 <= p < first_class]
            if candidates:
                subject = max(candidates)[1]  # the subject named closest before the classes
        for key, pos in (("basic", pos_basic), ("project", pos_project)):
            if pos < 0:
                continue
            word = "基本支出" if key == "basic" else "项目支出"
            m = re.compile(rf"{word}(?:情况)?[^0-9，。；]{{0,10}}?{_AMOUNT}").search(text, pos)
            target: ClassBreakdown = summary.basic if key == "basic" else summary.project
            if m and target.total is None and m.start() == text.find(word, pos):
                target.total = _money(m, src)
        if found and subject:
            target = summary.basic if subject == "basic" else summary.project
            if not target.classes:
                figs = {k: _money(m, src) for k, m in found.items()}
                target.classes = {k: f for k, f in figs.items() if f is not None}
    return summary


_STAFF_CELL = {"人员编制": "authorized", "编制数": "authorized", "核定编制": "authorized", "编制人数": "authorized",
               "实有人数": "actual", "实际在职人数": "actual", "在职人数": "actual"}


def _staff_header_key(text: str) -> str | None:
    t = re.sub(r"^(?:19|20)\d{2}年?", "", squash(text))
    if t in ("编制数", "编制人数", "核定编制", "人员编制", "核定编制数"):
        return "authorized"
    if re.fullmatch(r"(?:年末)?(?:实际在职人数|在职人数|实有人数|实有在职人数)", t):
        return "actual"
    if t == "控制率":
        return "control_rate"
    return None


def _staffing_from_cells(paras: list[Paragraph], label: str) -> Staffing:
    """A 财政供养人员情况 block flattened one cell per line: a run of headers (编制数 / 2023年实际在职人数 /
    控制率), then the same number of values (46 / 50 / 108.70%)."""
    st = Staffing()
    texts = [p.text.strip() for p in paras]
    for i in range(len(texts)):
        keys: list[str] = []
        j = i
        while j < len(texts) and (k := _staff_header_key(texts[j])):
            keys.append(k)
            j += 1
        if len(keys) < 2 or "authorized" not in keys or "actual" not in keys:
            continue
        values = texts[j : j + len(keys)]
        if len(values) < len(keys):
            return st
        for key, raw, para in zip(keys, values, paras[j : j + len(keys)], strict=True):
            v = to_halfwidth(raw)
            ok = re.fullmatch(r"\d+(?:\.\d+)?%", v) if key == "control_rate" else re.fullmatch(r"\d{1,5}", v)
            if not ok:
                return Staffing()
            value = parse_decimal(v.rstrip("%"))
            if value is None:
                return Staffing()
            src = Source(section=label, paragraph=para.index, raw=raw)
            setattr(st, key, Figure(value=value, unit="%" if key == "control_rate" else "人", raw=raw, source=src))
        return st
    return st


def extract_staffing_text(report: Report) -> Staffing:
    st = Staffing()
    sec = report.section("一")
    if sec is None:
        if not report.sections and report.basic_data is None:
            return _staffing_from_cells(report.preamble, "全文")
        return st
    for para in sec.paragraphs:
        text = to_halfwidth(para.text)
        src = Source(section="一", paragraph=para.index, raw=para.text)
        pats = {
            "authorized": r"(?:编制数?|核定编制)[^0-9，。]{0,6}?(\d+)\s*(?:人|名)",
            "actual": r"(?:实有|在职|在编)(?:干部职工|人员|在职人员|职工|人数)?[^0-9，。]{0,4}?(\d+)\s*(?:人|名)",
            "retired": r"退休(?:人员)?[^0-9，。]{0,4}?(\d+)\s*(?:人|名)",
        }
        nxt = sec.paragraphs[para.index + 1].text.strip() if para.index + 1 < len(sec.paragraphs) else ""
        cell_key = _STAFF_CELL.get(squash(text))
        if cell_key and getattr(st, cell_key) is None and re.fullmatch(r"\d{1,5}", nxt):
            # a cover form read cell by cell: "人员编制" / "55" / "实有人数" / "96"
            value = number_in(nxt)
            if value is not None:
                setattr(st, cell_key, Figure(value=value, unit="人", raw=f"{squash(text)} {nxt}", source=src))
            continue
        for key, pat in pats.items():
            if getattr(st, key) is None:
                m = re.search(pat, text)
                if m:
                    value = number_in(m.group(1))
                    if value is not None:
                        setattr(st, key, Figure(value=value, unit="人", raw=m.group(0), source=src))
                        if key == "authorized":
                            _add_other_kinds(st, text, m)
    return st


# "核定行政编制13名,用于行政执法工作编制28名": the unit's 编制 is the sum of the kinds one sentence lists
_QUOTA_KIND = "(?:行政|事业|工勤|执法|参公|后勤|机关)"
_KIND_QUOTA = re.compile(rf"({_QUOTA_KIND}[\u4e00-\u9fa5]{{0,4}}?)编制数?(?:为|共)?(\d+)\s*(?:人|名)")


def _add_other_kinds(st: Staffing, text: str, first: re.Match) -> None:
    """Widen 编制 to the sum of the kinds of 编制 listed in the sentence of the first one, when that first one
    names a kind (行政编制…) and the sentence gives no overall figure to break down (no 其中, no bare 编制N名)."""
    if not re.search(rf"{_QUOTA_KIND}[\u4e00-\u9fa5]{{0,4}}$", text[max(0, first.start() - 8): first.start()]):
        return  # "核定编制50名": an overall figure
    start = text.rfind("。", 0, first.start()) + 1
    end = text.find("。", first.end())
    sentence = text[start: end if end >= 0 else len(text)]
    if "其中" in sentence:
        return
    quotas = list(_KIND_QUOTA.finditer(sentence))
    if len(quotas) < 2 or len({q.group(1) for q in quotas}) < len(quotas):
        return  # one kind, or a kind written twice: nothing to add
    total = sum((number_in(q.group(2)) or Decimal(0) for q in quotas), Decimal(0))
    raw = "，".join(q.group(0) for q in quotas)
    st.authorized = Figure(value=total, unit="人", raw=raw, source=st.authorized.source if st.authorized else None)


# ------------------------------------------------------------------ 附件1

SANGONG_KEYS = (
    ("公车购置", "vehicle_purchase"),
    ("公务用车购置费", "vehicle_purchase"),
    ("车辆购置", "vehicle_purchase"),
    ("公车运行维护", "vehicle_run"),
    ("运行维护费", "vehicle_run"),
    ("公务用车运行", "vehicle_run"),
    ("公务用车购置", "vehicle"),
    ("公务用车", "vehicle"),
    ("出国", "abroad"),
    ("公务接待", "reception"),
    ("三公经费", "total"),
)


def _sangong_key(label: str) -> str | None:
    t = squash(label)
    t = re.sub(r"^(其中[:：]?|\d+[、.]|（\d+）)", "", t)
    for word, key in SANGONG_KEYS:
        if word in t:
            if key == "vehicle" and ("购置" in t and ("维护" in t or "运行" in t)):
                return "vehicle"
            return key
    return None


def _row_label(row: list[str]) -> tuple[int, str]:
    for i, c in enumerate(row):
        if c.strip():
            return i, c
    return 0, ""


def extract_basic_data(report: Report) -> BasicData | None:
    att = report.attachment("附件1")
    if att is None or not att.tables:
        return None
    data = BasicData()
    read = False
    for t_idx in att.tables:
        table = report.tables[t_idx]
        if is_self_eval_table(table):
            continue  # a 项目支出绩效自评表 published as 附件1
        _extract_basic_table(table, data)
        read = True
    return data if read else None


def _extract_basic_table(table: Table, data: BasicData) -> None:
    rows = table.rows
    columns: list[str] = []
    in_yuan = False
    mode = None  # "staff" | "money" | "building"
    staff_header: list[str] = []
    for r_idx, row in enumerate(rows):
        joined = squash("".join(row))
        if "编制数" in joined and ("在职" in joined or "实有" in joined):
            staff_header = row
            mode = "staff"
            continue
        if mode == "staff" and any(parse_decimal(c) is not None for c in row):
            for c_idx, cell in enumerate(row):
                head = squash(staff_header[c_idx]) if c_idx < len(staff_header) else ""
                src = Source(section="附件1", table=table.index, row=r_idx, cell=c_idx, raw=cell)
                fig = cell_figure(cell, src, unit="人")
                if fig is None:
                    continue
                if "控制率" in head:
                    data.staffing.control_rate = fig.model_copy(update={"unit": "%"})
                elif "编制" in head:
                    data.staffing.authorized = fig
                elif "在职" in head or "实有" in head:
                    data.staffing.actual = fig
            mode = None
            continue
        if ("决算数" in joined or "预算数" in joined) and not any(parse_decimal(c) is not None for c in row):
            if "楼堂馆所" in joined:
                mode = "building"
                continue
            first, _ = _row_label(row)
            columns = [squash(c) for c in row[first + 1 :]]
            in_yuan = header_in_yuan(joined) or header_in_yuan(table.title)
            mode = "money"
            if data.sangong is None:
                data.sangong = SanGong(columns=columns, table=table.index)
            continue
        if "楼堂馆所" in joined:
            mode = "building"
            continue
        if mode != "money":
            continue
        first, label = _row_label(row)
        values: dict[str, Figure | None] = {}
        for j, col in enumerate(columns):
            c_idx = first + 1 + j
            cell = row[c_idx] if c_idx < len(row) else ""
            src = Source(section="附件1", table=table.index, row=r_idx, cell=c_idx, raw=cell)
            values[col] = cell_figure(cell, src, in_yuan=in_yuan)
        label_sq = squash(label)
        if label_sq.startswith("项目支出") or label_sq.startswith("公用经费") or "政府采购" in label_sq:
            mode_other = True
        else:
            mode_other = False
        key = None if mode_other else _sangong_key(label)
        in_sangong = data.sangong is not None and not data.other_rows
        if key and in_sangong:
            data.sangong.rows.append(SanGongRow(name=label_sq, key=key, values=values))
        elif label_sq:
            data.other_rows.append(ExpenseRow(name=label_sq, values=values))


# ------------------------------------------------------------------ 附件2 / 附件3 自评表

_HEADER_WORDS = ("指标", "预算", "执行", "分值", "得分", "权重")


def _headerish(row: list[str]) -> bool:
    """Cheap test before header mapping: ≥3 cells, a header word, no cell that is a number."""
    if len(row) < 3:
        return False
    joined = "".join(row)
    return any(w in joined for w in _HEADER_WORDS) and not any(parse_decimal(c) is not None for c in row if c)


def is_self_eval_table(table: Table) -> bool:
    """A 自评表 (whole or a part of one): its funds header or its indicator header is among its rows."""
    for row in table.rows[:80]:
        if _headerish(row) and (is_indicator_header(header_map(row, INDICATOR_COLUMNS))
                                or is_fund_header(header_map(row, FUND_COLUMNS))):
            return True
    joined = squash("".join("".join(r) for r in table.rows[:10]))
    return "年度资金总额" in joined


def _pairs(cell: str) -> list[tuple[str, str]]:
    """'其中：一般公共预算：2321.75' -> [('一般公共预算', '2321.75')]."""
    t = squash(cell)
    t = re.sub(r"^其中[:：]", "", t)
    out = []
    for m in re.finditer(rf"([^:：\d]+?)[:：]({NUMBER}(?:万元)?)?(?=[^:：]*?[:：]|$)", t):
        label = re.sub(r"^其中", "", m.group(1)).strip("，,；;")
        if label:
            out.append((label, m.group(2) or ""))
    return out


def _align_fund_row(row: list[str], fund_map: dict[str, int]) -> list[str]:
    """A 资金 row that lost a blank cell in flattening (five values under six headers) is read from the right
    when that puts its percentage under 执行率 and reading from the left does not: the cells that go
    missing are leading blanks (an empty 年初预算数), while 分值/执行率/得分 end the row."""
    width = max(fund_map.values(), default=-1) + 1
    missing = width - len(row)
    rate = fund_map.get("rate")
    if missing <= 0 or rate is None:
        return row

    def fit(cells: list[str]) -> int:
        pct = [i for i, c in enumerate(cells) if "%" in c or "％" in c]
        return sum(1 if i == rate else -1 for i in pct)

    shifted = row[:1] + [""] * missing + row[1:]
    return shifted if fit(shifted) > fit(row) else row


def _blank_dash(text: str) -> str:
    """A dash standing in for a merged (empty) cell in pasted tables."""
    return "" if text in ("-", "－", "—", "/", "——") else text


def extract_self_eval(report: Report, table: Table, section: str) -> SelfEvalTable | None:
    rows = table.rows
    if not is_self_eval_table(table):
        return None
    se = SelfEvalTable(table=table.index, section=section)
    fund_map: dict[str, int] | None = None
    ind_map: dict[str, int] | None = None
    level1 = level2 = ""
    level1_weight: Decimal | None = None
    in_yuan = header_in_yuan(table.title)
    state = "head"
    skip_to = -1
    for r_idx, row in enumerate(rows):
        joined = squash("".join(row))

        def src(c: int | None = None, raw: str = "", _r=r_idx) -> Source:
            return Source(section=section, table=table.index, row=_r, cell=c, raw=raw)

        if state == "head" and re.search(r"(部门名称|单位名称|项目名称)", squash(row[0] if row else "")) and len(row) > 1:
            se.name = se.name or squash(row[1])
            continue
        if row and squash(row[0]) == UNREAD_LABEL:
            se.unread.append(f"第{r_idx + 1}行：{squash(''.join(row[1:]))[:60]}")
            continue
        if r_idx <= skip_to:
            continue
        headerish = _headerish(row)
        if headerish and state not in ("indicators",) and is_fund_header(header_map(row, FUND_COLUMNS)):
            head = read_header(rows, r_idx, FUND_COLUMNS)
            fund_map = {k: v for k, v in head.columns.items() if k != "note"}
            in_yuan = header_in_yuan(joined) or header_in_yuan(table.title)
            skip_to = head.last
            state = "funds"
            continue
        if "按收入性质分" in joined or "按支出性质分" in joined:
            state = "pairs"
            continue
        if joined.startswith("年度总体目标") or (row and squash(row[0]).startswith("年度总体目标")):
            state = "goal"
            se.goal_source = src()
            # goal text may be in this row (project form) or the next
            rest = [c for c in row[1:] if squash(c) not in ("预期目标", "实际完成情况", "")]
            if rest:
                se.goal_target = rest[0]
                se.goal_actual = rest[1] if len(rest) > 1 else ""
                state = "goal_done"
            continue
        if state == "goal":
            cells = row[1:] if row and not squash(row[0]) else row
            se.goal_target = (cells[0] if cells else "").strip()
            se.goal_actual = (cells[1] if len(cells) > 1 else "").strip()
            se.goal_source = src()
            state = "goal_done"
            continue
        if headerish and is_indicator_header(header_map(row, INDICATOR_COLUMNS)):
            head = read_header(rows, r_idx, INDICATOR_COLUMNS)
            ind_map = head.columns
            skip_to = head.last
            level1 = level2 = ""
            state = "indicators"
            continue
        first = squash(row[0]) if row else ""
        if first.startswith("总分") or first.startswith("合计") and state == "indicators":
            nums = [(i, c) for i, c in enumerate(row[1:], start=1) if parse_decimal(c) is not None]
            if nums:
                se.total_weight = cell_figure(nums[0][1], src(nums[0][0], nums[0][1]), unit="分")
            if len(nums) > 1:
                se.total_score = cell_figure(nums[1][1], src(nums[1][0], nums[1][1]), unit="分")
            state = "done"
            continue
        if state == "funds" and fund_map:
            _, label = _row_label(row)
            label_sq = squash(label)
            if not label_sq or parse_decimal(label) is not None:
                continue
            fr = FundRow(name=label_sq.rstrip(":："))
            row = _align_fund_row(row, fund_map)
            for key, idx in fund_map.items():
                if idx < len(row) and row[idx].strip():
                    unit = "%" if key == "rate" else ("分" if key in ("weight", "score") else "万元")
                    setattr(fr, key, cell_figure(row[idx], src(idx, row[idx]), unit=unit, in_yuan=in_yuan))
            se.funds.append(fr)
            continue
        if state == "pairs" or (state == "funds" and any(num for c in row for _, num in _pairs(c))):
            state = "pairs"
            for c_idx, cell in enumerate(row):
                for label, num in _pairs(cell):
                    fig = cell_figure(num.replace("万元", ""), src(c_idx, cell), in_yuan=in_yuan) if num else None
                    if any(w in label for w in ("基本支出", "项目支出")):
                        se.by_nature[label] = fig
                    else:
                        se.by_income[label] = fig
            continue
        if state == "indicators" and ind_map:
            def get(key: str, _row=row, _map=ind_map) -> str:
                i = _map.get(key)
                return checked_option(_row[i]) if i is not None and i < len(_row) else ""

            l1 = _blank_dash(squash(get("level1")))
            if l1:
                w = re.search(r"[(（](\d+(?:\.\d+)?)分[)）]", l1)
                level1_weight = number_in(w.group(1)) if w else None
                level1 = re.sub(r"[(（]\d+(?:\.\d+)?分[)）]", "", l1)
                level2 = ""
            l2 = _blank_dash(squash(get("level2")))
            if l2:
                level2 = l2
            if not (get("level3").strip() or get("target").strip() or get("weight").strip()):
                continue
            if _header_fragments(row):
                continue  # '分析及', '改进措施': a header word broken over lines, not an indicator
            target = get("target").strip()
            if target and (get("target_op").strip() or get("target_unit").strip()):
                target = f"{get('target_op').strip()}{target}{get('target_unit').strip()}"
            actual = get("actual").strip()
            if re.fullmatch(NUMBER, actual) and get("target_unit").strip():
                actual += get("target_unit").strip()  # the 计量单位 column holds the unit of both values
            wi, si = ind_map.get("weight"), ind_map.get("score")
            ti, ai = ind_map.get("target"), ind_map.get("actual")
            se.indicators.append(
                IndicatorRow(
                    level1=level1,
                    level1_weight=level1_weight,
                    level2=level2,
                    level3=get("level3").strip(),
                    target=target,
                    actual=actual,
                    weight=cell_figure(get("weight"), src(wi, get("weight")), unit="分"),
                    score=cell_figure(get("score"), src(si, get("score")), unit="分"),
                    note=get("note").strip(),
                    source=src(None, " | ".join(c for c in row if c.strip())[:200]),
                    target_cell=ti if ti is not None and ti < len(row) else None,
                    actual_cell=ai if ai is not None and ai < len(row) else None,
                )
            )
    if not in_yuan:
        _yuan_under_wan(se, table)
    return se


def _yuan_under_wan(se: SelfEvalTable, table: Table) -> None:
    """Fund amounts written in 元 under a 万元 header: the form's own text gives the same amount in 万元
    ('总投资43.2万元' while the funds say 432000). Converted exactly; ``money_note`` says so."""
    money = [getattr(fr, k) for fr in se.funds for k in ("initial_budget", "budget", "executed")]
    money = [f for f in money if f is not None]
    big = [f for f in money if f.unit == "万元" and f.value >= YUAN_PER_WAN]
    if not big:
        return
    text = to_halfwidth(" ".join(c for row in table.rows for c in row))
    wan = {number_in(m.group(1)) for m in re.finditer(rf"({NUMBER})\s*万元", text)}
    hit = next((f for f in big if f.value / YUAN_PER_WAN in wan), None)
    if hit is None:
        return
    for fr in se.funds:
        for k in ("initial_budget", "budget", "executed"):
            f = getattr(fr, k)
            if f is not None and f.unit == "万元":
                setattr(fr, k, f.model_copy(update={"value": f.value / YUAN_PER_WAN}))
    se.money_note = (f"表头单位为万元，但资金金额按元填列（如{hit.raw}，表内另写{hit.value / YUAN_PER_WAN}万元），"
                     "已按元换算为万元")


# ------------------------------------------------------------------ rubric 考核评分表


def extract_rubric(report: Report, table: Table) -> Rubric | None:
    """The 考核评分表, columns read by their header (一级/二级指标, 分值, 评分标准, 评分/得分)."""
    rows = table.rows
    if not rows:
        return None
    head = squash("".join(rows[0]))
    if not ("评分标准" in head or "评分" in head and "指标" in head):
        return None
    if "三级指标" in head:
        return None
    cols = header_map(rows[0], RUBRIC_COLUMNS)
    c1, c2 = cols.get("level1", 0), cols.get("level2", 1)
    c_crit, c_max, c_score = cols.get("criteria"), cols.get("max"), cols.get("score")
    rub = Rubric(title=table.title, section=table.section, table=table.index)
    level1 = ""
    level1_max: Decimal | None = None

    def cell(row: list[str], idx: int | None) -> str:
        return row[idx] if idx is not None and idx < len(row) else ""

    for r_idx, row in enumerate(rows[1:], start=1):
        if not row:
            continue
        first = squash(cell(row, c1) or row[0])
        s_idx = c_score if c_score is not None and c_score < len(row) else len(row) - 1
        score_cell = row[s_idx] if len(row) >= 2 else ""
        src = Source(section=table.section, table=table.index, row=r_idx, cell=s_idx, raw=score_cell)
        if first.startswith("合计") or first.startswith("总分"):
            max_text = cell(row, c_max) if c_max is not None else (row[1] if len(row) > 1 else "")
            rub.total_max = number_in(max_text) if max_text else None
            rub.total = cell_figure(score_cell, src, unit="分")
            continue
        if first:
            m = re.search(r"(\d+(?:\.\d+)?)分", first)
            level1_max = number_in(m.group(1)) if m else None
            level1 = re.sub(r"[(（]?\d+(?:\.\d+)?分[)）]?", "", first)
        if len(row) < 3:
            continue
        l2 = squash(cell(row, c2))
        m = re.search(r"[(（](\d+(?:\.\d+)?)分[)）]", l2)
        item_max = number_in(m.group(1)) if m else None
        if item_max is None and c_max is not None:
            item_max = parse_decimal(cell(row, c_max).replace("分", ""))
        crit = c_crit if c_crit is not None else (2 if len(row) > 3 else None)
        rub.items.append(
            RubricItem(
                level1=level1,
                level1_max=level1_max,
                level2=re.sub(r"[(（]\d+(?:\.\d+)?分[)）]", "", l2),
                max_score=item_max,
                criteria=cell(row, crit).strip() if crit is not None and crit != s_idx else "",
                score=cell_figure(score_cell, src, unit="分"),
                source=src,
            )
        )
    return rub if rub.items else None


# ------------------------------------------------------------------ entry


_LONG_HEADER_WORDS = tuple(w for syns in INDICATOR_COLUMNS.values() for w in syns if len(w) >= 4)


def _header_fragments(row: list[str]) -> bool:
    """A row whose every filled cell is a piece (not the whole) of a long header word and holds no figure."""
    cells = [squash(c) for c in row if squash(c)]
    return bool(cells) and all(
        len(c) >= 2 and not re.search(r"\d", c) and any(c in w and c != w for w in _LONG_HEADER_WORDS) for c in cells)


_UNIT_FORM_TITLE = re.compile(r"(?:部门|单位)(?:（单位）|\(单位\))?整体(?:支出)?绩效(?:评价)?自评表|整体支出绩效(?:评价)?自评表")


def extract(report: Report) -> Report:
    """Fill the domain views in place and return the report."""
    report.budget = extract_budget(report)
    report.staffing_text = extract_staffing_text(report)
    report.basic_data = extract_basic_data(report)
    projects: list[SelfEvalTable] = []
    for table in report.tables:
        rub = extract_rubric(report, table)
        if rub is not None:
            if report.rubric is None:
                report.rubric = rub
            continue
        section = table.section
        if section == "附件1" and not is_self_eval_table(table):
            continue
        is_project = section == "附件3" or "项目名称" in squash("".join(table.rows[0] if table.rows else []))
        se = extract_self_eval(report, table, section)
        if se is None:
            continue
        se.unit_level = section == "附件2" or bool(_UNIT_FORM_TITLE.search(squash(table.title)))
        if is_project and section != "附件2":
            if projects and projects[-1].section == section and not se.name and not se.funds and se.indicators:
                _merge_into(projects[-1], se)  # a project's indicator grid split off into its own table
            else:
                projects.append(se)
        elif report.self_eval is None:
            report.self_eval = se
        elif report.self_eval.section == section:
            _merge_into(report.self_eval, se)  # 附件2 split over several Word tables (funds, then indicators)
    report.projects = projects
    if report.unit is None and report.self_eval and report.self_eval.name:
        report.unit = report.self_eval.name
    if report.unit is None and projects:
        report.unit = _project_unit(report, projects[0])
    return report


def _merge_into(first: SelfEvalTable, more: SelfEvalTable) -> None:
    """Fold a continuation table of the same 自评表 into the first one (nothing is overwritten)."""
    first.name = first.name or more.name
    first.funds.extend(more.funds)
    for k, v in more.by_income.items():
        first.by_income.setdefault(k, v)
    for k, v in more.by_nature.items():
        first.by_nature.setdefault(k, v)
    if not (first.goal_target or first.goal_actual) and (more.goal_target or more.goal_actual or more.goal_source):
        first.goal_target, first.goal_actual, first.goal_source = more.goal_target, more.goal_actual, more.goal_source
    elif first.goal_source is None:
        first.goal_source = more.goal_source
    first.indicators.extend(more.indicators)
    first.total_weight = first.total_weight or more.total_weight
    first.total_score = first.total_score or more.total_score


def _project_unit(report: Report, project: SelfEvalTable) -> str | None:
    """A project table names its unit in the 主管部门 / 实施单位 row."""
    if project.table is None:
        return None
    for row in report.tables[project.table].rows:
        for i, cell in enumerate(row[:-1]):
            if squash(cell) in ("主管部门", "实施单位", "单位名称") and squash(row[i + 1]):
                return squash(row[i + 1])
    return None
