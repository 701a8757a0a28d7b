"""Personal data detection and masking (mobile numbers, ID numbers, e-mail).

Office landlines (e.g. 0730-8888888) are not personal data and are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# 11-digit mainland mobile numbers, not part of a longer digit run.
MOBILE = re.compile(r"(?<![\d])(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?![\d])")
# 18-digit resident ID (last char may be X), with a plausible birth date.
ID_CARD = re.compile(r"(?<![\dA-Za-z])([1-9]\d{5})((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(\d{3}[\dXx])(?![\dA-Za-z])")
EMAIL = re.compile(r"(?<![\w.])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class PIIMatch:
    kind: str  # "mobile" | "id_card" | "email"
    text: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return {"mobile": "个人手机号码", "id_card": "身份证号码", "email": "个人电子邮箱"}[self.kind]


# every personal number has a run of at least four digits; a text without one (most) is done at once
_DIGIT_RUN = re.compile(r"\d{4}")


def find_pii(text: str, *, include_email: bool = False) -> list[PIIMatch]:
    out: list[PIIMatch] = []
    if not _DIGIT_RUN.search(text) and not (include_email and "@" in text):
        return out
    for m in ID_CARD.finditer(text):
        out.append(PIIMatch("id_card", m.group(0), m.start(), m.end()))
    taken = [(p.start, p.end) for p in out]
    for m in MOBILE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        out.append(PIIMatch("mobile", m.group(0), m.start(), m.end()))
    if include_email:
        for m in EMAIL.finditer(text):
            out.append(PIIMatch("email", m.group(0), m.start(), m.end()))
    return sorted(out, key=lambda p: p.start)


def mask_match(p: PIIMatch) -> str:
    digits = p.text
    if p.kind == "mobile":
        d = re.sub(r"\D", "", digits)[-11:]
        return f"{d[:3]}****{d[-4:]}"
    if p.kind == "id_card":
        return f"{digits[:6]}********{digits[-4:]}"
    user, _, domain = digits.partition("@")
    return f"{user[:1]}***@{domain}"


def mask_pii(text: str, *, include_email: bool = False) -> str:
    """Replace personal numbers by masked forms: 13975077504 -> 139****7504."""
    matches = find_pii(text, include_email=include_email)
    if not matches:
        return text
    parts: list[str] = []
    last = 0
    for p in matches:
        parts.append(text[last : p.start])
        parts.append(mask_match(p))
        last = p.end
    parts.append(text[last:])
    return "".join(parts)
