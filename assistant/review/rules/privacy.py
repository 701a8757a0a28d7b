"""Privacy: personal mobile numbers and ID-card numbers must not be published."""

from __future__ import annotations

from assistant.privacy import find_pii, mask_match
from assistant.review.registry import rule
from assistant.review.rules._text import clip, iter_text

REF_PRIVACY = "预算法实施条例及政府信息公开要求：公开的决算和绩效报告不得含个人隐私信息（个人手机号码、身份证号码等）"


def _pii_findings(report, kind: str, r, label: str, suggestion: str):
    seen: set[tuple] = set()
    for piece in iter_text(report):
        for m in find_pii(piece.text):
            if m.kind != kind:
                continue
            masked = mask_match(m)
            key = (piece.location, masked)
            if key in seen:
                continue
            seen.add(key)
            yield r.make(
                piece.location,
                f"{piece.where}公开了{label}“{masked}”",
                evidence=clip(piece.text, 120),  # clip() masks the number
                suggestion=suggestion,
            )


@rule("PRV001", "privacy", "warning", "公开了个人手机号码", REF_PRIVACY)
def mobile_number(report, ctx):
    """报告不应公开个人手机号码。

    ## 检查内容
    正文、附件说明和表格中的11位手机号码（1[3-9]开头，可带+86或分隔符）；办公座机（如0730-8888888）不报告。
    消息中只显示打码后的号码（139****7504）。默认为警告（多是填表人的号码，公开前打码即可），评审配置
    ``[severity] PRV001`` 可改为错误或提示。
    ## 为什么重要
    自评报告要公开，填表人手机号属于个人信息，公开后可能被骚扰或滥用；发给远程大模型前也应打码。
    ## 示例
    附件1末尾“填表人：陈莹 填报日期：2023年7月14日 联系电话：13975077504”。
    """
    yield from _pii_findings(
        report, "mobile", mobile_number.rule, "个人手机号码",
        "公开前删除或打码（如139****7504），联系电话改填单位办公座机。",
    )


@rule("PRV002", "privacy", "error", "公开了身份证号码", REF_PRIVACY)
def id_number(report, ctx):
    """报告不应公开身份证号码。

    ## 检查内容
    正文、附件说明和表格中的18位居民身份证号码（含合理的出生日期，末位可为X）；消息中只显示打码后的号码。
    ## 为什么重要
    身份证号码是敏感个人信息，随报告公开会造成信息泄露。
    ## 示例
    “经办人：张某，身份证号430602198503151234”。
    """
    yield from _pii_findings(
        report, "id_card", id_number.rule, "身份证号码",
        "删除身份证号码；确需标识经办人的，只写姓名和职务。",
    )
