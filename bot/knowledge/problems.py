"""Validation problems, reported in Japanese with file, line and a fix."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}\n  → 直し方: {self.fix}"


class KnowledgeError(Exception):
    """The knowledge base cannot be used; ``problems`` says where and why."""

    def __init__(self, problems: List[Problem]):
        self.problems = problems
        super().__init__(
            f"知識ベースに {len(problems)} 件の問題があります。\n"
            + "\n".join(str(p) for p in problems)
        )


_PYDANTIC_MESSAGES = {
    "value_error.missing": ("必須の項目「{field}」がありません。", "「{field}:」を書き足してください。"),
    "value_error.extra": ("「{field}」は使えない項目です。", "綴りを確かめるか、この行を消してください。"),
    "type_error.list": ("「{field}」はリストで書く必要があります。", "「- 」で始まる行の並びにしてください。"),
    "type_error.dict": ("「{field}」は項目の集まり（key: value）で書く必要があります。", "字下げして「名前: 値」の形にしてください。"),
    "type_error.str": ("「{field}」は文字列で書く必要があります。", "値を文字列にしてください（必要なら \"\" で囲みます）。"),
    "type_error.none.not_allowed": ("「{field}」が空です。", "値を書いてください。"),
    "value_error.list.min_items": ("「{field}」の数が足りません（少なくとも {limit_value} 個必要です）。", "「{field}」に項目を書き足してください。"),
    "value_error.any_str.min_length": ("「{field}」が空です。", "内容を書いてください。"),
    "value_error.str.regex": ("「{field}」の形式が違います（{pattern}）。", "形式に合う値に直してください。"),
    "type_error.enum": ("「{field}」の値が選べるものではありません（選べる値: {values}）。", "選べる値のどれかにしてください。"),
}


def pydantic_message(error: dict) -> tuple:
    """Turn one pydantic error into (message, fix) in Japanese."""
    field = str(error["loc"][-1]) if error["loc"] else "（全体）"
    if isinstance(error["loc"][-1] if error["loc"] else None, int):
        field = f"{error['loc'][-2]} の {error['loc'][-1] + 1} 番目"
    ctx = dict(error.get("ctx") or {})
    if "enum_values" in ctx:
        ctx["values"] = "、".join(str(getattr(v, "value", v)) for v in ctx["enum_values"])
    template = _PYDANTIC_MESSAGES.get(error["type"])
    if template is None:
        return (f"「{field}」: {error['msg']}", "値を見直してください。")
    message, fix = template
    return message.format(field=field, **ctx), fix.format(field=field, **ctx)
