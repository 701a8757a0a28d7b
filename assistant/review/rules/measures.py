"""Section 八 (下一步改进措施): more than money, tied to the problems of 七, grounded in policy."""

from __future__ import annotations

import re

from assistant.report.normalize import to_halfwidth
from assistant.report.roles import part_name
from assistant.review.finding import at
from assistant.review.registry import rule
from assistant.review.rubric import MEASURES, cost, zero
from assistant.review.rules._text import analyse_problems, clauses, clip, plain, plain_words

REF_MEASURES = "考核评分表“针对问题提出可行性建议的情况”：提出包含有关政策在内的可行性建议的得15分，只提出加大资金投入建议的不得分"
REF_POLICY = "中发〔2018〕34号：绩效评价结果应与改进管理、完善政策挂钩；考核评分表：建议应包含有关政策"

_PURPOSE = re.compile(r"^(?:确保|保障|保证|以便|以|为了|为|从而|使|进而)")
_ENUM = re.compile(r"(?=(?:[一二三四五六七八九十]是|（[一二三四五六七八九十\d]{1,2}）|(?<![\d.])\d{1,2}[、.．](?!\d)))")
_FUNCTION_CHARS = set("的了是和与在对等及为将把被其之以或并且也都就而中上下年月日个")
STOP_BIGRAMS = {
    "问题", "存在", "部分", "工作", "管理", "进一", "一步", "加强", "不够", "不足", "原因", "主要", "由于", "导致",
    "情况", "有待", "提高", "单位", "本单", "绩效", "财政", "年度", "全年", "相关", "方面", "开展", "落实", "完善",
    "建立", "健全", "推进", "做好", "确保", "一是", "二是", "三是", "四是", "目前", "今后", "下一", "措施", "改进",
    "加大", "力度", "不断", "持续", "积极", "认真", "严格", "有效", "能力", "水平", "建设", "机制", "制度",
}


def _bigrams(text: str) -> set[str]:
    han = re.findall(r"[\u4e00-\u9fff]+", to_halfwidth(text))
    out = set()
    for run in han:
        for i in range(len(run) - 1):
            bg = run[i : i + 2]
            if bg in STOP_BIGRAMS or bg[0] in _FUNCTION_CHARS or bg[1] in _FUNCTION_CHARS:
                continue
            out.add(bg)
    return out


def problem_items(report, phrases) -> list[str]:
    """Problems of 七 grouped per enumerated item ('一是…', '（一）…', '1.…') or paragraph."""
    a = analyse_problems(report, phrases)
    if a is None or not a.problems:
        return []
    sec = report.by_role("problems")
    items: list[str] = []
    for p in sec.paragraphs:
        for chunk in _ENUM.split(p.text):
            if plain(chunk) and any(plain(s) in plain(chunk) for _, s in a.problems if plain(s)):
                items.append(chunk.strip())
    return items


def untied_problems(report, phrases) -> list[str]:
    """Problems of 七 sharing fewer than two content bigrams with 八."""
    measures = _bigrams(report.role_text("measures"))
    return [item for item in problem_items(report, phrases) if len(_bigrams(item) & measures) < 2]


def _money_clause(c: str, words) -> bool:
    p = plain(c)
    return any(w in p for w in plain_words(words))


# A short slogan with no object of its own ("继续加强预算管理") is not a measure next to a money request.
_SLOGAN = re.compile(r"^(?:继续|进一步|持续|不断|切实)?(?:加强|强化|提高|提升|完善|做好|抓好|重视)[^\d《》]{0,6}$")


@rule("MEA001", "measures", "error", "改进措施只要求增加资金", REF_MEASURES, applies_to=("report",),
      costs=zero(MEASURES, "只提出加大资金投入的建议"))
def money_only(report, ctx):
    """第八部分不能只提加大资金投入。

    ## 检查内容
    第八部分逐句（逐分句）看：提到“加大资金投入”“增加预算”“争取上级资金支持”等的分句之外，
    是否还有任何管理、制度、执行方面的措施（“确保……”“为……”之类目的状语不算措施）。
    ## 为什么重要
    考核评分表规定只提出加大资金投入建议的，“可行性建议”一项不得分。
    ## 示例
    “下一步将积极向上级争取资金，加大资金投入，确保各项工作顺利开展。”
    """
    r = money_only.rule
    sec = report.by_role("measures")
    if sec is None:
        return
    words = ctx.profile.phrases.money_only_measures
    parts = [c for c in clauses(sec.text) if len(plain(c)) >= 2]
    money = [c for c in parts if _money_clause(c, words)]
    other = [c for c in parts if not _money_clause(c, words) and not _PURPOSE.match(c.strip()) and len(plain(c)) >= 4
             and not _SLOGAN.match(plain(c))]
    if not money or other:
        return
    yield r.make(
        at(sec.label, paragraph=0),
        f"{part_name(sec)}的措施只有增加资金投入：“{clip('，'.join(money), 60)}”",
        evidence=clip(sec.text, 200),
        suggestion="针对第七部分的每个问题提出管理、制度、执行层面的具体措施（谁做、做什么、何时完成），"
        "并引用相关政策文件。",
    )


@rule("MEA002", "measures", "warning", "改进措施与问题不对应", REF_MEASURES, applies_to=("report",),
      costs=cost(MEASURES, 5, "措施未针对第七部分的问题"))
def not_tied(report, ctx):
    """第八部分的措施应针对第七部分的问题。

    ## 检查内容
    第七部分没有列出具体问题时，第八部分的措施无从对应；列出了问题的，逐个问题检查第八部分是否有与之相关的
    措施（问题与措施共有的关键词，去掉“加强”“管理”“进一步”等通用词后至少两处相同）。
    ## 为什么重要
    考核评分表要求“针对评价发现问题”提出建议；与问题无关的口号式措施（“加强监管”“提高认识”）不能落地。
    ## 示例
    七写“预算编制精准度不高”，八只写“加强学习，提高认识，进一步加强管理”。
    """
    r = not_tied.rule
    sec = report.by_role("measures")
    if sec is None or not plain(sec.text):
        return
    a = analyse_problems(report, ctx.profile.phrases)
    if a is None:
        return
    generic = [w for w in ctx.profile.phrases.generic_measures if w in sec.text]
    if not a.problems:
        yield r.make(
            at(sec.label, paragraph=0),
            f"{part_name(report.by_role('problems'), '问题部分')}没有列出具体问题，"
            f"{part_name(sec)}的措施“{clip(sec.text, 40)}”无法与问题对应",
            evidence=clip(sec.text, 200),
            suggestion="先在第七部分写明具体问题，再在第八部分逐条提出针对性措施（“针对……问题，……”）。",
        )
        return
    untied = untied_problems(report, ctx.profile.phrases)
    if not untied:
        return
    listed = "；".join(clip(u, 30) for u in untied[:3])
    slogans = f"（措施多为“{'”“'.join(generic[:3])}”等通用表述）" if generic else ""
    yield r.make(
        at(sec.label, paragraph=0),
        f"{part_name(sec)}没有针对{part_name(report.by_role('problems'))}问题的措施：“{clip(listed, 80)}”{slogans}",
        evidence=clip(sec.text, 200),
        suggestion="逐条对应第七部分的问题提出措施，写明具体做法、责任和时限。",
    )


@rule("MEA003", "measures", "info", "改进措施没有政策依据", REF_POLICY, applies_to=("report",),
      costs=cost(MEASURES, 3, "未包含政策依据"))
def no_policy_basis(report, ctx):
    """改进措施宜引用相关政策、制度依据。

    ## 检查内容
    第八部分是否引用了任何文件（《……》、文号〔2021〕）、制度、办法、规定、意见、通知等。
    ## 为什么重要
    考核评分表对“包含有关政策在内的可行性建议”给满分；有依据的措施更可行，也便于财政部门跟踪。
    ## 示例
    “建立健全财政绩效评价指标体系，加强工作人员的业务培训。”（没有任何政策或制度依据）
    """
    r = no_policy_basis.rule
    sec = report.by_role("measures")
    if sec is None or not plain(sec.text):
        return
    text = to_halfwidth(sec.text)
    if any(w in text for w in ctx.profile.phrases.policy_basis) or re.search(r"[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号", text):
        return
    yield r.make(
        at(sec.label, paragraph=0),
        f"{part_name(sec)}的措施没有引用任何政策或制度依据：“{clip(sec.text, 50)}”",
        evidence=clip(sec.text, 200),
        suggestion="结合措施引用依据，如《项目支出绩效评价管理办法》（财预〔2020〕10号）、本单位预算管理制度等。",
    )
