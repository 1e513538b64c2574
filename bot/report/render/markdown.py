"""The report as Markdown: what a support team reads in ten minutes before a .5 meeting.

User text is escaped just enough that it stays text: < > & become entities (an
answer containing <script> must not turn into HTML when the Markdown is
rendered), and the characters that would start emphasis, links, code, tables,
headings or lists are backslash-escaped. Japanese text seldom contains them, so
the raw file stays readable.
"""

from __future__ import annotations

import re
from typing import List

from bot.report.dates import wareki, wareki_datetime
from bot.report.model import AnswerEntry, Progress, Report
from bot.report.render import (
    CHANGE_LABELS,
    MASKED_NOTE,
    PREPARED_TITLE,
    TITLE,
    generated_label,
    grouped_answers,
    grouped_flags,
    period_label,
    status_label,
)

_INLINE = re.compile(r"([\\`*_\[\]|~])")
# Starts of a line that Markdown would read as a heading, a list item, a setext underline or a rule.
_LINE_START = re.compile(r"^(#{1,6}(?=\s|$)|[-+](?=\s|$)|[-=](?=[-=\s]*$))")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def escape(text: str) -> str:
    """Escape one line of user text for Markdown."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(lambda m: "\\" + m.group(1), text)
    return _ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def inline(text: str) -> str:
    """User text on one line (table cells, headings, list items)."""
    return " ".join(escape(line.strip()) for line in (text or "").splitlines() if line.strip())


def block(text: str, prefix: str = "") -> List[str]:
    """User text over several lines under a prefix ("> " or an indent); line breaks stay
    line breaks (two trailing spaces), leading blanks are dropped so no line becomes code."""
    lines = [escape(line.strip(" \t")) for line in (text or "").splitlines()] or [""]
    out = []
    for i, line in enumerate(lines):
        if not line:
            out.append(prefix.rstrip())
            continue
        hard_break = "  " if i + 1 < len(lines) and lines[i + 1] else ""
        out.append(prefix + line + hard_break)
    return out


def _progress_table(rows: List[Progress], first: str) -> List[str]:
    out = [f"| {first} | 回答済み | スキップ | わからない | 未回答 | 問い数 |",
           "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for p in rows:
        name = inline(p.label) if p.label == p.title else f"{inline(p.label)} {inline(p.title)}"
        out.append(f"| {name} | {p.answered} | {p.skipped} | {p.dont_know} | {p.not_yet} | {p.total} |")
    return out


def _answer(entry: AnswerEntry) -> List[str]:
    current = entry.current
    out = [f"#### {inline(entry.question)}", "", f"問い {inline(entry.question_id)}（{inline(entry.parent)}）"]
    if entry.change:
        out[-1] += f" — **{CHANGE_LABELS.get(entry.change, entry.change)}**"
    out.append("")
    if entry.viewpoints:
        out += ["大事な視点:", ""] + [f"- {inline(v)}" for v in entry.viewpoints] + [""]
    if current.text.strip():
        out += block(current.text, "> ")
    else:
        out.append(f"> （{status_label(current.status)}）")
    out += ["", f"{status_label(current.status)}・{inline(current.user)}（{wareki_datetime(current.at)}）", ""]
    if len(entry.versions) > 1:
        out += ["ほかの版と補足:", ""]
        for number, version in enumerate(entry.versions, start=1):
            if version is current:
                continue
            reply = "・深掘りへの返答" if version.reply_to_followup else ""
            head = (f"- 第{number}版（{wareki_datetime(version.at)}・{inline(version.user)}・"
                    f"{status_label(version.status)}{reply}）: ")
            lines = block(version.text, "  ") if version.text.strip() else [""]
            out.append(head + lines[0][2:])
            out += lines[1:]
        out.append("")
    if entry.followups:
        out += ["ボットが尋ねた深掘りの問い:", ""] + [f"- {inline(f)}" for f in entry.followups] + [""]
    if entry.comments:
        out += ["支援チームからのコメント:", ""]
        for note in entry.comments:
            kind = "返信" if note.reply else "コメント"
            lines = block(note.text, "  ") if note.text.strip() else [""]
            out.append(f"- {kind}（{inline(note.user)}・{inline(note.role)}・{wareki_datetime(note.at)}）: " + lines[0][2:])
            out += lines[1:]
        out.append("")
    return out


def render(report: Report) -> bytes:
    """The whole report as UTF-8 Markdown."""
    out: List[str] = [f"# {TITLE}：{inline(report.municipality)}（{inline(report.prefecture)}）", ""]
    out.append(f"- 市町村コード: {inline(report.code)}")
    out.append(f"- 作成日時: {generated_label(report)}")
    period = period_label(report)
    out.append(f"- 対象: {inline(period) if period else 'これまでのすべての回答'}")
    if report.masked:
        out.append(f"- {MASKED_NOTE}")
    out.append("")

    number = 0

    def section(title: str) -> None:
        nonlocal number
        number += 1
        out.extend([f"## {number}. {title}", ""])

    section("進み具合")
    steps = [p for p in report.progress if p.kind == "step"]
    themes = [p for p in report.progress if p.kind != "step"]
    if steps:
        out += _progress_table(steps, "STEP") + [""]
    if themes:
        out += _progress_table(themes, "テーマ") + [""]
    if not report.progress:
        out += ["まだ集計できる問いがありません。", ""]

    section("チームへの注意")
    groups = grouped_flags(report)
    if not groups:
        out += ["特に気になる点はありません。", ""]
    for heading, flags in groups:
        out += [f"### {heading}（{len(flags)}件）", ""]
        for flag in flags:
            where = f"（問い {inline(flag.question_id)}）" if flag.question_id else ""
            out.append(f"- {inline(flag.message)}{where}")
        out.append("")

    if report.since is not None:
        section("前回からの変化")
        changes = report.changes
        if not changes:
            out += [f"{inline(period_label(report) or '')}に新しい回答や更新はありません。", ""]
        for kind, label in CHANGE_LABELS.items():
            entries = [a for a in changes if a.change == kind]
            if entries:
                out += [f"### {label}（{len(entries)}件）", ""]
                out += [f"- {inline(a.parent)} 問い {inline(a.question_id)}: {inline(a.question)}"
                        f"（{wareki_datetime(a.current.at)}）" for a in entries]
                out.append("")

    if report.prepared:
        section(PREPARED_TITLE)
        for meeting in report.prepared:
            out += [f"### {inline(meeting.event)}（{wareki(meeting.on)}）", ""]
            for p in meeting.prompts:
                by = f"（{inline(p.by)}）" if p.by else ""
                out.append(f"- {inline(p.parent)}「{inline(p.question)}」: {inline(p.text)}{by}")
            out.append("")

    section("回答")
    if not report.answers:
        out += ["まだ回答がありません。", ""]
    for parent, entries in grouped_answers(report):
        out += [f"### {inline(parent)}", ""]
        for entry in entries:
            out += _answer(entry)

    if report.next_meeting is not None:
        section("次回")
        out += [f"{inline(report.next_meeting.event)}: {wareki(report.next_meeting.on)}", ""]

    if report.transcript:
        section("付録: 会話の記録")
        for line in report.transcript:
            head = f"- {wareki_datetime(line.at)} **{inline(line.who)}**: "
            lines = block(line.text, "  ")
            out.append(head + lines[0][2:])
            out += lines[1:]
        out.append("")

    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")
