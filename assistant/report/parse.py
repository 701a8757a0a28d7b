"""Entry point: bytes or a path -> Report. The suffix/format dict below is the only dispatch."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from assistant.errors import CorruptInput, InputTooLarge, InputUnusable, NotAReport
from assistant.report.assemble import assemble
from assistant.report.blocks import Block
from assistant.report.extract import extract, extract_budget, extract_staffing_text
from assistant.report.model import Figure, Report, Section
from assistant.report.normalize import squash, to_simplified_blocks
from assistant.report.parsers.convert import SHEET_SUFFIXES, WORD_SUFFIXES, convert
from assistant.report.parsers.docx import parse_docx
from assistant.report.parsers.image import IMAGE_SUFFIXES, parse_image, parse_pdf_or_scan
from assistant.report.parsers.txt import parse_txt
from assistant.report.parsers.xlsx import parse_xlsx
from assistant.report.roles import template
from assistant.settings import Settings, get_settings

Parser = Callable[[bytes, str, Settings], tuple[list[Block], dict]]

PARSERS: dict[str, Parser] = {
    "txt": parse_txt, "docx": parse_docx, "xlsx": parse_xlsx, "pdf": parse_pdf_or_scan, "image": parse_image,
}
# Files a user hands in as a report (folder batches and upload widgets offer exactly these).
REPORT_SUFFIXES: tuple[str, ...] = (
    ".docx", ".txt", ".xlsx", ".pdf", *WORD_SUFFIXES, *SHEET_SUFFIXES, *IMAGE_SUFFIXES,
)
SUFFIXES = {
    ".txt": "txt", ".text": "txt", ".md": "txt", ".csv": "txt", ".docx": "docx", ".xlsx": "xlsx", ".pdf": "pdf",
    **{s: "office" for s in (*WORD_SUFFIXES, *SHEET_SUFFIXES)}, **{s: "image" for s in IMAGE_SUFFIXES},
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def sniff(data: bytes, name: str) -> str:
    """Detect the format from the bytes (zip → docx/xlsx by content), not only the extension."""
    if data[:4] == b"PK\x03\x04" and b"application/vnd.oasis.opendocument" in data[:200]:
        return "office"  # .odt/.ods: the mimetype member comes first, uncompressed
    if data[:8] == _OLE or data[:5] == b"{\\rtf":
        return "office"  # .doc/.wps/.xls/.et (OLE compound file) and .rtf
    if data[:4] == b"PK\x03\x04":
        if b"word/" in data[:200_000] or name.lower().endswith(".docx"):
            return "docx"
        if b"xl/" in data[:200_000] or name.lower().endswith(".xlsx"):
            return "xlsx"
        return "docx" if name.lower().endswith(".docx") else "xlsx"
    if data[:5] == b"%PDF-":
        return "pdf"
    if data.startswith(_IMAGE_MAGIC):
        return "image"
    suffix = Path(name).suffix.lower()
    fmt = SUFFIXES.get(suffix, "txt")
    if fmt in ("docx", "xlsx", "pdf", "image", "office"):
        raise CorruptInput(f"{name}: 文件已损坏或不是有效的 Office 文件 / not a valid {suffix} file")
    return "txt"


def _office_target(data: bytes, name: str) -> str:
    """docx or xlsx for a file LibreOffice converts: by suffix, else by content."""
    suffix = Path(name).suffix.lower()
    if suffix in SHEET_SUFFIXES:
        return "xlsx"
    if suffix in WORD_SUFFIXES:
        return "docx"
    head = data[:200_000]
    sheet = b"spreadsheet" in data[:200] or b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in head
    return "xlsx" if sheet else "docx"


def parse_bytes(data: bytes, name: str, settings: Settings | None = None) -> Report:
    settings = get_settings(settings)
    if len(data) > settings.limits.max_file_bytes:
        raise InputTooLarge(
            f"{name}: 文件大小 {len(data)} 字节超过上限 {settings.limits.max_file_bytes} / file too large"
        )
    fmt = sniff(data, name)
    converted_from = None
    if fmt == "office":  # LibreOffice → .docx/.xlsx, then the existing readers (and their limits)
        fmt = _office_target(data, name)
        converted_from = Path(name).suffix.lower() or fmt
        data = convert(data, name, fmt, settings)
    blocks, meta = PARSERS[fmt](data, name, settings)
    blocks = to_simplified_blocks(blocks)
    report = assemble(blocks)
    report.meta.file = Path(name).name
    report.meta.format = fmt  # type: ignore[assignment]
    report.meta.encoding = meta.get("encoding")
    report.meta.parser = meta.get("parser", "")
    if converted_from:
        report.meta.parser = f"LibreOffice {converted_from}→.{fmt}; {report.meta.parser}"
    report.meta.ocr = bool(meta.get("ocr"))
    extract(report)
    _extract_by_role(report)
    _classify(report, name)
    who = third_party_evaluator(_doc_text(report, 3000))
    if who:
        report.kind_reason = f"受委托的第三方绩效评价报告（“{who}”），不是单位自评；" + report.kind_reason
    return report


_ENGAGED = re.compile(r"受[^，。；,;]{0,30}委托")
_FIRM_VOICE = re.compile(r"我(?:所|公司|中心|院)(?:成立|组成|组建|派出|对|于|依据|按照|根据|接受)|本(?:所|公司)(?:成立|组成|对)")
_ASSISTS = re.compile(r"协助|成为[^，。；,;]{0,20}(?:专班|工作组|小组)成员")
_FIRM = re.compile(r"[\u4e00-\u9fff]{2,20}(?:会计师事务所|资产评估|咨询有限公司|咨询公司|评估有限公司)")


def third_party_evaluator(text: str) -> str:
    """The phrase showing that an outside firm wrote the evaluation (a 财政/部门 commissioned 重点绩效评价
    by an accounting or consulting firm), else ''. Looks at the opening only: a self-evaluation that merely
    mentions hiring a firm for a survey later on is not one."""
    head = "".join(text.split())[:1500]
    firm = _FIRM.search(head[:200])
    if firm and re.search(r"评价报告|绩效评价", head[:300]):
        return firm.group(0)
    engaged, voice = _ENGAGED.search(head), _FIRM_VOICE.search(head)
    if engaged and voice and abs(voice.start() - engaged.end()) <= 30:
        # a firm that joins the unit's own 自评 (成为自评工作专班成员, 协助完成自评) does not make it a third party's
        sentence = head[min(engaged.start(), voice.start()):].split("。")[0]
        if _ASSISTS.search(sentence) and "自评" in sentence:
            return ""
        return head[engaged.start():max(engaged.end(), voice.end())]
    return ""


def _relabel(fig: Figure | None, label: str) -> None:
    if fig is not None and fig.source is not None:
        fig.source = fig.source.model_copy(update={"section": label})


def _extract_by_role(report: Report) -> None:
    """Read budget and staffing figures from the parts that play those roles in other templates.

    The text extractors read the 一…十 template's 二 (一般公共预算支出) and 一 (基本情况); another template
    states its budget under its own 预算收支/资金使用 part, or under 基本情况 (a 4-part report). Each such
    part is read through a one-section view labelled as the extractor expects, and every figure then
    gets back the label the document uses.
    """
    if report.template == "hunan_ten":
        return
    b = report.budget
    if b.total is None and b.basic.total is None and b.project.total is None and not b.basic.classes:
        for sec in report.sections_by_role("budget") + report.sections_by_role("basic_info"):
            if sec.label == "二" and report.role_of(sec) == "budget":
                continue  # already read
            view = Report(sections=[Section(label="二", heading=sec.heading, paragraphs=sec.paragraphs)])
            got = extract_budget(view)
            figs = [got.total, got.basic.total, got.project.total, *got.basic.classes.values(),
                    *got.project.classes.values()]
            if any(f is not None for f in figs):
                for f in figs:
                    _relabel(f, sec.label)
                report.budget = got
                break
    st = report.staffing_text
    first = report.section("一")
    if st.authorized is None and st.actual is None and (first is None or report.role_of(first) != "basic_info"):
        sec = report.by_role("basic_info")
        if sec is not None:
            got_st = extract_staffing_text(Report(sections=[Section(label="一", heading=sec.heading,
                                                                    paragraphs=sec.paragraphs)]))
            for f in (got_st.authorized, got_st.actual, got_st.control_rate, got_st.retired):
                _relabel(f, sec.label)
            report.staffing_text = got_st


_DEPT = re.compile(r"(?:部门|单位)(?:（单位）|\(单位\))?整体(?:支出)?|整体支出")
_PROJECT_REPORT = re.compile(
    r"项目(?:支出)?.{0,12}(?:自评|评价)(?:报告|结果)|项目.{0,6}绩效.{0,6}(?:自评|评价)报告"
    r"|(?:资金|经费|转移支付|专项).{0,20}(?:自评|评价)报告|(?:项目|资金|经费).{0,12}开展了?(?:绩效)?自评"
)
_FORM_TITLE = re.compile(r"绩效(?:目标)?自评表|绩效评价表|自评表")
_SELF_EVAL = re.compile(r"绩效自评|自评报告|自评表|绩效评价|自评得分|绩效目标.{0,6}完成")
# 政府绩效管理 (a government's appraisal of its departments' work), not 预算绩效管理
_GOV_APPRAISAL = re.compile(r"政府绩效管理|绩效管理年终考评|年终考评|绩效考核|目标责任(?:制)?考核|履职清单")
# what a 预算支出 self-evaluation is about: its money
_SPENDING = re.compile(r"预算(?:执行|资金|批复|安排)|财政资金|资金(?:到位|使用|执行)|执行率|万元|支出(?:绩效|情况)")
_FINAL_ACCOUNTS = re.compile(r"决算(?:公开|情况说明|总表|报告)|部门决算|收入支出决算")
# A 绩效目标表 / 绩效目标申报表 sets the year's targets; it has no 完成值, 得分 or 自评 (a 绩效目标自评表 does).
_TARGET_FORM = re.compile(r"绩效目标(?:申报)?表")
_ASSESSED = re.compile(r"自评|完成值|实际完成|完成情况|得分")
_NOTICE = re.compile(r"(?:关于.{0,40})?(?:通知|公告|通告|函)$|^关于.{0,60}(?:通知|公告)")


_SALUTATION = re.compile(r"^(?:局办公室、)?(?:各|市直各|县直各|区直各|直属各|局属各|有关)[^，。:：]{0,16}(?:单位|部门)[:：]$")


def _notice_line(report: Report) -> str:
    """A notice's title ('关于……的通知') or salutation ('市直各单位：') near the top, else ''."""
    paras = [p.text for p in report.preamble[:20]] + [report.title]
    for s in report.sections[:2]:
        paras += [p.text for p in s.paragraphs[:5]]
    for t in paras:
        t = squash(t)
        if len(t) <= 80 and (t.endswith(("的通知", "的公告", "的通告")) or _SALUTATION.match(t)):
            return t
    return ""


# Indicator-level names of a 自评表 grid; a page that starts below the form's header (the tail of a form)
# still shows several of them next to the form's own score/sign-off labels, level-2 names followed by an
# indicator and its figures (“数量指标足额保障率=100% 22.5”) — a regulation's prose lists them with 、 instead.
_LEVEL_NAMES = ("产出指标", "效益指标", "满意度指标", "数量指标", "质量指标", "时效指标", "成本指标",
                "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
_LEVEL2_WITH_FIGURE = re.compile(
    r"(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|满意度)指标[^。；;，,、]{1,30}?\d")
_FORM_TAIL = re.compile(r"合计|总分|得分|分值|评价结论|完成值|项目负责人|财务负责人")


def _grid_signal(report: Report, text: str) -> bool:
    """A 自评表 actually present: a read form, or the grid's 一级/二级/三级指标 header."""
    if report.projects or report.self_eval is not None:
        return True
    return "一级指标" in text and ("三级指标" in text or "二级指标" in text)


def _form_signal(report: Report, text: str) -> bool:
    """A 自评表 seen in the text or the tables: the grid, the form's title, or a form's tail (three or more
    indicator-level names next to its 合计/得分/评价结论/负责人 labels)."""
    if _grid_signal(report, text) or _FORM_TITLE.search(text):
        return True
    return (sum(name in text for name in _LEVEL_NAMES) >= 3 and len(_LEVEL2_WITH_FIGURE.findall(text)) >= 2
            and bool(_FORM_TAIL.search(text)))


def _doc_text(report: Report, limit: int = 30_000) -> str:
    parts = [report.title]
    parts += [p.text for p in report.preamble]
    for s in report.sections:
        parts.append(s.heading)
        parts += [p.text for p in s.paragraphs]
    for a in report.attachments:
        parts.append(a.title)
        parts += [p.text for p in a.paragraphs]
    for t in report.tables:
        parts.append(t.title)
        parts += ["".join(r) for r in t.rows[:60]]
    return "".join("".join(parts).split())[:limit]  # texts are already half-width (clean_line)


def _classify(report: Report, name: str) -> None:
    """Decide the document kind from its content and say why (``kind_reason``); refuse what is not a self-evaluation."""
    head = squash(report.title + "".join(p.text for p in report.preamble[:12]))
    text = _doc_text(report)
    roles = {report.role_of(s) for s in report.sections} - {"", "other"}
    labels = [s.label for s in report.sections]
    forms = _form_signal(report, text)
    n_forms = len(report.projects) + (1 if report.self_eval is not None else 0)
    tmpl = template(report.template) if report.template else None
    seen = (
        f"识别到：标题“{report.title[:40] or '无'}”；章节{len(labels)}个"
        + (f"（{'、'.join(labels[:6])}）" if labels else "")
        + f"；自评表{n_forms}张"
    )
    title_zone = squash(report.title) or head[:120]
    opening = text[:1500]
    grid = _grid_signal(report, text)
    # the document's own title line names a 决算 (its table of contents may still list a 自评 chapter)
    first_line = squash(report.title or (report.preamble[0].text if report.preamble else ""))[:60]
    fa_title = "决算" in first_line and not _SELF_EVAL.search(first_line)
    accounts_head = bool(_FINAL_ACCOUNTS.search(head[:80])) and not _SELF_EVAL.search(head[:80])
    if not grid and not _SELF_EVAL.search(title_zone) and (
            accounts_head or len(_FINAL_ACCOUNTS.findall(opening)) >= 2 and ("自评" not in text[:300] or fa_title)):
        raise NotAReport(f"{name}: 这是部门决算公开材料（决算表和决算情况说明），不是绩效自评报告或自评表（{seen}）"
                         " / a final-accounts disclosure, not a performance self-evaluation")
    notice = _notice_line(report)
    # a notice that only names the forms it asks for (《项目支出绩效自评表》) is still a notice
    if notice and not grid and len(roles) < 3 and not re.search(r"自评报告|自评表", squash(report.title)):
        raise NotAReport(f"{name}: 这是通知或公文（“{notice[:40]}”），不是绩效自评报告或自评表（{seen}）"
                         " / a notice, not a performance self-evaluation")
    # a 政府绩效管理 year-end review (履职清单, 绩效任务 of the government's own appraisal) says nothing of
    # the money it spent: not a 预算支出 self-evaluation
    if (not grid and not n_forms and _GOV_APPRAISAL.search(text[:400]) and not _SELF_EVAL.search(text[:2000])
            and not _SPENDING.search(text[:2000])):
        raise NotAReport(f"{name}: 这是政府绩效管理（年终考评、绩效考核）的工作情况报告，没有预算资金的使用和绩效，"
                         f"不是预算支出绩效自评报告或自评表（{seen}）"
                         " / a government performance-appraisal review, not a budget-spending self-evaluation")
    if tmpl is not None and tmpl.kind == "project_report" or (not _DEPT.search(head + text[:600])
                                                              and _PROJECT_REPORT.search(head + text[:2000])
                                                              and report.sections):
        body = "项目支出绩效自评报告，" + (f"模板“{tmpl.title}”" if tmpl else "按章节标题识别")
        if report.projects and report.sections:
            report.kind = "combined"
            report.kind_reason = f"{body}，后附项目支出绩效自评表{len(report.projects)}张"
        else:
            report.kind = "project_report"
            report.kind_reason = f"{body}：有{'、'.join(labels[:8])}等章节"
        return
    if report.template == "hunan_ten" or len(labels) >= 3 or (labels and _DEPT.search(head + text[:2000])):
        report.kind = "report"
        why = f"模板“{tmpl.title}”" if tmpl else ("标题或正文写明“整体支出”" if _DEPT.search(head + text[:2000])
                                                 else "按章节标题识别")
        report.kind_reason = f"部门（单位）整体支出绩效自评报告，{why}：有{'、'.join(labels[:10])}等章节"
        if report.projects and report.template not in ("hunan_ten", ""):
            report.kind = "combined"
            report.kind_reason += f"，后附项目支出绩效自评表{len(report.projects)}张"
        return
    if report.self_eval is not None or report.basic_data is not None:
        report.kind = "report"  # the 附件 tables of a whole report (e.g. an .xlsx workbook)
        report.kind_reason = "部门整体支出绩效自评报告的附件表格（基础数据表或整体支出绩效自评表）"
        return
    if forms and _TARGET_FORM.search(text[:600]) and not _ASSESSED.search(text):
        raise NotAReport(f"{name}: 这是绩效目标表（年初申报的目标和指标值，没有完成值和得分），不是绩效自评表（{seen}）"
                         " / a performance-target form (targets only), not a self-evaluation")
    if forms:
        zone = text[:300]
        # a report title, not page chrome ("公开目录 自评报告" above a form): 报告 named at least as often as 表
        says_report = len(re.findall(r"(?:自评|评价|总结)报告", text[:1500])) >= max(
            1, len(re.findall(r"自评表|评价表", text[:1500])))
        read = f"读到{len(report.projects)}张表" if report.projects else "有一级/二级/三级指标或自评表标题"
        if says_report and _DEPT.search(zone):
            report.kind = "report"
            report.kind_reason = f"部门（单位）整体支出绩效自评报告（按标题识别：“{zone[:40]}”），含自评表（{read}）"
        elif says_report:
            report.kind = "combined" if report.projects else "project_report"
            report.kind_reason = f"项目支出绩效自评报告（按标题识别：“{zone[:40]}”），含自评表（{read}）"
        elif _DEPT.search(zone):
            report.kind = "report"  # a 部门整体支出绩效（评价）自评表 on its own
            report.kind_reason = f"部门整体支出绩效自评表（{read}）"
        else:
            report.kind = "project_table"
            report.kind_reason = f"项目支出绩效自评表（{read}）"
        return
    if labels and (_SELF_EVAL.search(text) or roles & {"problems", "measures", "performance"}):
        report.kind = "project_report" if _PROJECT_REPORT.search(text) else "report"
        report.kind_reason = f"绩效自评报告的片段（有{'、'.join(labels[:8])}等章节）"
        return
    if re.search(r"自评报告|评价报告|自评总结|绩效自评", text[:300]) and len(text) >= 200:
        project = bool(re.search(r"项目|专项|资金", text[:300])) and not _DEPT.search(text[:300])
        report.kind = "project_report" if project else "report"
        report.kind_reason = (
            f"{'项目支出' if project else '部门（单位）整体支出'}绩效自评报告（按标题识别：“{text[:40]}”）；"
            "正文没有可识别的章节标题，只检查了全文文字"
        )
        return
    if _SELF_EVAL.search(text):
        raise NotAReport(f"{name}: 提到绩效自评，但没有可审阅的报告章节或自评表（{seen}）"
                         " / mentions a self-evaluation but has no report sections or form to review")
    raise NotAReport(
        f"{name}: 未识别为绩效自评报告或项目支出绩效自评表（没有绩效自评的章节、标题或自评表；{seen}）"
        " / not a performance self-evaluation report"
    )


def parse_file(path: str | Path, settings: Settings | None = None) -> Report:
    settings = get_settings(settings)
    p = Path(path)
    if not p.exists():
        raise InputUnusable(f"{p}: 文件不存在 / file not found")
    if p.is_dir():
        raise InputUnusable(f"{p}: 是目录而不是文件 / is a directory")
    try:
        size = p.stat().st_size
        if size > settings.limits.max_file_bytes:
            raise InputTooLarge(f"{p.name}: 文件大小 {size} 字节超过上限 {settings.limits.max_file_bytes} / file too large")
        data = p.read_bytes()
    except PermissionError:
        raise InputUnusable(f"{p}: 没有读取权限 / permission denied") from None
    except OSError as exc:
        raise InputUnusable(f"{p}: 无法读取 / cannot read ({exc.strerror})") from None
    if p.suffix.lower() == ".json":
        return load_report_json(data, p.name)
    return parse_bytes(data, p.name, settings)


def load_report_json(data: bytes, name: str) -> Report:
    from pydantic import ValidationError

    try:
        return Report.model_validate_json(data)
    except ValidationError as exc:
        raise InputUnusable(f"{name}: 不是有效的 Report JSON / invalid Report JSON ({exc.error_count()} errors)") from None
