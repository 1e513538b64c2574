"""The report as one standalone HTML5 page that prints on A4.

Everything is inline (CSS, no scripts, no fonts from the internet): the file is
mailed around and opened offline at municipal offices. Every piece of user text
goes through html.escape, so an answer containing <script> stays text.
"""

from __future__ import annotations

from html import escape
from typing import List

from bot.report.charts import answers_over_time, progress_bars
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

CSS = """
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { font-size: 10.5pt; }
body {
  font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", sans-serif;
  line-height: 1.6; color: #222; margin: 0 auto; max-width: 180mm; padding: 8mm 0;
}
h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #2b5797; padding-bottom: .2rem; margin: 1.6rem 0 .6rem; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; color: #2b5797; }
h4 { font-size: 1rem; margin: 0 0 .3rem; }
.meta { margin: 0 0 1rem; padding: 0; list-style: none; color: #444; }
.masked { display: inline-block; padding: .1rem .5rem; border: 1px solid #c00; color: #c00; border-radius: 3px; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; }
th, td { border: 1px solid #999; padding: .2rem .4rem; vertical-align: top; }
th { background: #e8eef7; text-align: left; }
td.num, th.num { text-align: right; white-space: nowrap; }
thead { display: table-header-group; }
tr, .answer, blockquote { break-inside: avoid; page-break-inside: avoid; }
.answer { border-top: 1px solid #ccc; padding: .6rem 0; }
.where, .who { color: #555; font-size: .9rem; }
.change { font-weight: bold; color: #c05000; }
blockquote { margin: .4rem 0; padding: .3rem .8rem; border-left: 4px solid #2b5797; background: #f5f7fb;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.versions, .followups { font-size: .9rem; }
.versions .text, .transcript .text { white-space: pre-wrap; overflow-wrap: anywhere; }
.page { break-before: page; page-break-before: always; }
.transcript td.at { white-space: nowrap; width: 9.5em; }
.transcript td.who { white-space: nowrap; width: 7em; }
figure.chart { margin: .4rem 0 .8rem; break-inside: avoid; page-break-inside: avoid; }
figure.chart figcaption { font-weight: bold; font-size: .9rem; }
svg.chart { display: block; width: 100%; height: auto; max-width: 180mm; }
@media screen { body { padding: 12mm; } }
""".strip()


def _e(text) -> str:
    return escape("" if text is None else str(text), quote=True)


def _progress_table(rows: List[Progress], first: str) -> List[str]:
    out = ['<table class="progress">', "<thead><tr>", f"<th>{first}</th>"]
    out += [f'<th class="num">{h}</th>' for h in ("回答済み", "スキップ", "わからない", "未回答", "問い数")]
    out += ["</tr></thead>", "<tbody>"]
    for p in rows:
        name = _e(p.label) if p.label == p.title else f"{_e(p.label)} {_e(p.title)}"
        cells = "".join(f'<td class="num">{n}</td>' for n in (p.answered, p.skipped, p.dont_know, p.not_yet, p.total))
        out.append(f"<tr><td>{name}</td>{cells}</tr>")
    out += ["</tbody>", "</table>"]
    return out


def _answer(entry: AnswerEntry) -> List[str]:
    current = entry.current
    out = ['<article class="answer">', f"<h4>{_e(entry.question)}</h4>",
           f'<p class="where">問い {_e(entry.question_id)}（{_e(entry.parent)}）']
    if entry.change:
        out[-1] += f' <span class="change">{_e(CHANGE_LABELS.get(entry.change, entry.change))}</span>'
    out[-1] += "</p>"
    if entry.viewpoints:
        out += ["<p>大事な視点:</p>", "<ul>"] + [f"<li>{_e(v)}</li>" for v in entry.viewpoints] + ["</ul>"]
    text = current.text if current.text.strip() else f"（{status_label(current.status)}）"
    out.append(f"<blockquote>{_e(text)}</blockquote>")
    out.append(f'<p class="who">{_e(status_label(current.status))}・{_e(current.user)}'
               f"（{_e(wareki_datetime(current.at))}）</p>")
    if len(entry.versions) > 1:
        out += ['<div class="versions">', "<p>ほかの版と補足:</p>", "<ol>"]
        for version in (v for v in entry.versions if v is not current):
            reply = "・深掘りへの返答" if version.reply_to_followup else ""
            out.append(f"<li>（{_e(wareki_datetime(version.at))}・{_e(version.user)}・"
                       f"{_e(status_label(version.status))}{reply}）"
                       f'<span class="text">{_e(version.text)}</span></li>')
        out += ["</ol>", "</div>"]
    if entry.followups:
        out += ['<div class="followups">', "<p>ボットが尋ねた深掘りの問い:</p>", "<ul>"]
        out += [f"<li>{_e(f)}</li>" for f in entry.followups] + ["</ul>", "</div>"]
    if entry.comments:
        out += ['<div class="versions comments">', "<p>支援チームからのコメント:</p>", "<ul>"]
        out += [f"<li>{'返信' if n.reply else 'コメント'}（{_e(n.user)}・{_e(n.role)}・{_e(wareki_datetime(n.at))}）"
                f'<span class="text">{_e(n.text)}</span></li>' for n in entry.comments] + ["</ul>", "</div>"]
    out.append("</article>")
    return out


def render(report: Report) -> bytes:
    """The whole report as a UTF-8 HTML document."""
    title = f"{TITLE}：{report.municipality}（{report.prefecture}）"
    out: List[str] = [
        "<!DOCTYPE html>",
        '<html lang="ja">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(title)}</h1>",
        '<ul class="meta">',
        f"<li>市町村コード: {_e(report.code)}</li>",
        f"<li>作成日時: {_e(generated_label(report))}</li>",
        f"<li>対象: {_e(period_label(report) or 'これまでのすべての回答')}</li>",
    ]
    if report.masked:
        out.append(f'<li><span class="masked">{_e(MASKED_NOTE)}</span></li>')
    out += ["</ul>", "</header>"]

    number = 0

    def section(title: str, section_id: str, page: bool = False) -> None:
        nonlocal number
        number += 1
        cls = ' class="page"' if page else ""
        out.append(f'<section id="{section_id}"{cls}>')
        out.append(f"<h2>{number}. {_e(title)}</h2>")

    section("進み具合", "progress")
    steps = [p for p in report.progress if p.kind == "step"]
    themes = [p for p in report.progress if p.kind != "step"]
    if report.progress:  # a picture first; the tables below are its text
        out += ['<figure class="chart">', progress_bars(report.progress), "</figure>"]
    times = [v.at for a in report.answers for v in a.versions if v.at is not None]
    if times:
        out += ['<figure class="chart">', "<figcaption>回答の推移</figcaption>", answers_over_time(times), "</figure>"]
    if steps:
        out += _progress_table(steps, "STEP")
    if themes:
        out += _progress_table(themes, "テーマ")
    if not report.progress:
        out.append("<p>まだ集計できる問いがありません。</p>")
    out.append("</section>")

    section("チームへの注意", "flags")
    groups = grouped_flags(report)
    if not groups:
        out.append("<p>特に気になる点はありません。</p>")
    for heading, flags in groups:
        out += [f"<h3>{_e(heading)}（{len(flags)}件）</h3>", "<ul>"]
        for flag in flags:
            where = f'<span class="where">（問い {_e(flag.question_id)}）</span>' if flag.question_id else ""
            out.append(f"<li>{_e(flag.message)}{where}</li>")
        out.append("</ul>")
    out.append("</section>")

    if report.since is not None:
        section("前回からの変化", "changes")
        changes = report.changes
        if not changes:
            out.append(f"<p>{_e(period_label(report))}に新しい回答や更新はありません。</p>")
        for kind, label in CHANGE_LABELS.items():
            entries = [a for a in changes if a.change == kind]
            if entries:
                out += [f"<h3>{_e(label)}（{len(entries)}件）</h3>", "<ul>"]
                out += [f"<li>{_e(a.parent)} 問い {_e(a.question_id)}: {_e(a.question)}"
                        f"（{_e(wareki_datetime(a.current.at))}）</li>" for a in entries]
                out.append("</ul>")
        out.append("</section>")

    if report.prepared:
        section(PREPARED_TITLE, "prepared")
        for meeting in report.prepared:
            out += [f"<h3>{_e(meeting.event)}（{_e(wareki(meeting.on))}）</h3>", "<ul>"]
            for p in meeting.prompts:
                by = f'<span class="who">（{_e(p.by)}）</span>' if p.by else ""
                out.append(f'<li><span class="where">{_e(p.parent)}「{_e(p.question)}」</span><br>{_e(p.text)}{by}</li>')
            out.append("</ul>")
        out.append("</section>")

    section("回答", "answers", page=True)
    if not report.answers:
        out.append("<p>まだ回答がありません。</p>")
    for parent, entries in grouped_answers(report):
        out.append(f"<h3>{_e(parent)}</h3>")
        for entry in entries:
            out += _answer(entry)
    out.append("</section>")

    if report.next_meeting is not None:
        section("次回", "next")
        out.append(f"<p>{_e(report.next_meeting.event)}: {_e(wareki(report.next_meeting.on))}</p>")
        out.append("</section>")

    if report.transcript:
        section("付録: 会話の記録", "transcript", page=True)
        out += ['<table class="transcript">', "<thead><tr><th>日時</th><th>話し手</th><th>内容</th></tr></thead>",
                "<tbody>"]
        for line in report.transcript:
            out.append(f'<tr class="{_e(line.speaker)}"><td class="at">{_e(wareki_datetime(line.at))}</td>'
                       f'<td class="who">{_e(line.who)}</td><td class="text">{_e(line.text)}</td></tr>')
        out += ["</tbody>", "</table>", "</section>"]

    out += ["</body>", "</html>"]
    return ("\n".join(out) + "\n").encode("utf-8")
