"""Every report format, from one realistic Report and from an empty one.

The sample is built by hand (not assembled from a database) so these tests pin
what the renderers print, whatever assemble() does.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from openpyxl import load_workbook

from bot.report.model import AnswerEntry, Flag, Meeting, Progress, Report, TranscriptLine, Version
from bot.report.render import ANSWER_COLUMNS, FORMATS, SUFFIX, render

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "report-schema.json").read_text(encoding="utf-8"))

SCRIPT = "<script>alert(1)</script>"


def sample() -> Report:
    revised = AnswerEntry(
        question_id="2-A-1",
        question="通いの場はどこで、どのくらい開かれていますか。",
        parent="STEP2-A",
        viewpoints=["参加者の顔ぶれ", "続いている理由"],
        versions=[
            Version("公民館で月2回のサロンがあります。", "answered", "山田（保健師）", datetime(2024, 6, 20, 1, 0),
                    followup="参加者はどんな方が多いですか。"),
            Version("女性が中心で、男性は少ないです。", "answered", "山田（保健師）", datetime(2024, 6, 20, 1, 5),
                    reply_to_followup=True),
            Version("=SUM(A1) 公民館で月2回。<b>男性</b>向けの a|b 体操も始めました。\n- 2行目 *強調* [link](x)",
                    "answered", "佐藤（係長）", datetime(2024, 7, 3, 5, 30)),
        ],
        change="revised",
    )
    skipped = AnswerEntry("2-A-2", "地域の担い手は誰ですか。", "STEP2-A", ["担い手の年代"],
                          [Version("", "skipped", "山田（保健師）", datetime(2024, 6, 20, 1, 10))])
    dont_know = AnswerEntry("3-1", "住民の困りごとをどう把握していますか。", "STEP3", [],
                            [Version("わからない", "dont_know", "佐藤（係長）", datetime(2024, 7, 2, 0, 0))],
                            change="new")
    theme = AnswerEntry("T-移動-1", "買い物や通院の移動手段はありますか。", "移動支援", ["交通空白地"],
                        [Version("社協の送迎があります。", "answered", "佐藤（係長）", datetime(2024, 6, 10, 3, 0))])
    return Report(
        municipality="伴走町",
        prefecture="長野県",
        code="203001",
        generated_at=datetime(2024, 7, 10, 5, 5),  # 14:05 in Japan
        since=date(2024, 7, 1),
        since_label="1.5mtg",
        masked=True,
        progress=[
            Progress("STEP2-A", "step", "地域の現状を知る", 1, 1, 0, 2, 4),
            Progress("STEP3", "step", "課題を整理する", 0, 0, 1, 3, 4),
            Progress("移動支援", "theme", "移動支援", 1, 0, 0, 1, 2),
        ],
        answers=[revised, skipped, dont_know, theme],
        flags=[
            Flag("skipped", "STEP2-A「地域の担い手は誰ですか。」がスキップされています。", "2-A-2", "STEP2-A"),
            Flag("dont_know", "STEP3「住民の困りごと」は「わからない」でした。次回一緒に考えましょう。", "3-1", "STEP3"),
            Flag("followup", "STEP2-A「通いの場」の回答に深掘りの問いかけをしました: 参加者は？", "2-A-1", "STEP2-A"),
            Flag("untouched_theme", "各論「見守り」はまだ手つかずです。", parent="見守り"),
        ],
        meetings=[Meeting("0.5mtg", date(2024, 5, 1)), Meeting("1.5mtg", date(2024, 7, 1))],
        next_meeting=Meeting("2.5mtg", date(2024, 9, 2)),
        transcript=[
            TranscriptLine(datetime(2024, 7, 3, 5, 29), "bot", "伴走（ボット）", "通いの場はどこで開かれていますか。"),
            TranscriptLine(datetime(2024, 7, 3, 5, 30), "user", "佐藤（係長）", f"{SCRIPT} と a|b\n2行目"),
        ],
    )


def empty() -> Report:
    return Report("空町", "長野県", "200000", datetime(2019, 5, 1, 0, 0), None, None, False, [], [], [])


VERSION_ROWS = 3 + 1 + 1 + 1


# ---------------------------------------------------------------- dispatch

def test_every_format_renders_bytes_with_a_suffix():
    for fmt in FORMATS:
        data = render(sample(), fmt)
        assert isinstance(data, bytes) and data
        assert SUFFIX[fmt] == f".{fmt}"
    with pytest.raises(ValueError):
        render(sample(), "pdf")


# ---------------------------------------------------------------- markdown

def test_markdown_has_every_section_and_wareki_dates():
    md = render(sample(), "md").decode("utf-8")
    assert md.startswith("# 振り返りレポート：伴走町（長野県）")
    assert "令和6年7月10日 14:05" in md  # generated, in Japan time
    assert "1.5mtg（令和6年7月1日）以降" in md
    assert "自動で伏せています" in md and "伏せ漏れ" in md  # what is masked, and that it is not perfect
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == ["## 1. 進み具合", "## 2. チームへの注意", "## 3. 前回からの変化", "## 4. 回答",
                        "## 5. 次回", "## 6. 付録: 会話の記録"]
    assert "| STEP2-A 地域の現状を知る | 1 | 1 | 0 | 2 | 4 |" in md
    assert "| 移動支援 | 1 | 0 | 0 | 1 | 2 |" in md
    assert "### スキップされた問い（1件）" in md and "### 手つかずのテーマ（1件）" in md
    assert "### 更新された回答（1件）" in md and "### 新しい回答（1件）" in md
    assert "- 参加者の顔ぶれ" in md  # 大事な視点 as a list
    assert "令和6年7月3日 14:30" in md  # current answer, Japan time
    assert "第1版" in md and "第2版" in md and "深掘りへの返答" in md
    assert "- 参加者はどんな方が多いですか。" in md  # the follow-up asked
    assert "2.5mtg: 令和6年9月2日" in md
    assert "（スキップ）" in md


def test_markdown_escapes_user_markup():
    md = render(sample(), "md").decode("utf-8")
    assert "<script>" not in md and "<b>" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "a\\|b" in md and "a|b" not in md
    assert "\\*強調\\*" in md and "\\[link\\](x)" in md
    # the answer stays inside its blockquote, its "- " line does not become a list item
    assert "> \\- 2行目" in md
    # every table row keeps its column count
    for line in md.splitlines():
        if line.startswith("| "):
            assert line.replace("\\|", "").count("|") == 7


# ---------------------------------------------------------------- html

class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.text, self.style = [], {}, [], ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.setdefault(tag, []).append(dict(attrs))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data
        else:
            self.text.append(data)


def parsed(report: Report) -> Tags:
    parser = Tags()
    parser.feed(render(report, "html").decode("utf-8"))
    parser.close()
    return parser


def test_html_is_a_standalone_printable_document():
    doc = parsed(sample())
    assert doc.attrs["html"] == [{"lang": "ja"}]
    for tag in ("script", "b", "link", "img", "iframe"):
        assert tag not in doc.tags, tag
    assert "@page { size: A4; margin: 15mm; }" in doc.style
    assert "thead { display: table-header-group; }" in doc.style
    assert "break-before: page" in doc.style
    assert '"Noto Sans CJK JP"' in doc.style and "Meiryo" in doc.style
    assert "http" not in doc.style and "@import" not in doc.style and "url(" not in doc.style
    pages = [a.get("id") for a in doc.attrs["section"] if "page" in (a.get("class") or "")]
    assert pages == ["answers", "transcript"]
    text = "".join(doc.text)
    assert SCRIPT in text and "<b>男性</b>" in text  # shown as text, not markup
    assert "1.5mtg（令和6年7月1日）以降" in text and "令和6年9月2日" in text
    assert "5. 次回" in text and "6. 付録: 会話の記録" in text


def test_html_escapes_attributes_too():
    report = sample()
    report.transcript[0].speaker = 'bot" onload="alert(1)'
    doc = parsed(report)
    assert all("onload" not in attrs for attrs in doc.attrs["tr"])


# ---------------------------------------------------------------- xlsx

def workbook(report: Report):
    return load_workbook(io.BytesIO(render(report, "xlsx")))


def test_xlsx_has_a_sheet_per_part_with_frozen_bold_headers():
    wb = workbook(sample())
    assert wb.sheetnames == ["進み具合", "注意", "回答", "変化", "会話"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert all(cell.font.bold for cell in ws[1])
        assert ws.auto_filter.ref.startswith("A1:")
    answers = wb["回答"]
    assert [c.value for c in answers[1]] == list(ANSWER_COLUMNS)
    assert answers.max_row == 1 + VERSION_ROWS
    assert answers.column_dimensions["D"].width >= 50
    first = [c.value for c in answers[2]]
    assert first[:3] == ["STEP2-A", "2-A-1", "通いの場はどこで、どのくらい開かれていますか。"]
    assert first[4:] == ["回答済み", "山田（保健師）", "令和6年6月20日 10:00", 1, "参加者はどんな方が多いですか。"]
    third = [c.value for c in answers[4]]
    assert third[3].startswith("=SUM(A1)") and answers["D4"].data_type == "s"  # text, not a formula
    assert third[7] == 3
    assert answers["D2"].alignment.wrap_text and answers["C2"].alignment.wrap_text
    assert wb["進み具合"].max_row == 4 and wb["注意"].max_row == 5
    assert wb["変化"].max_row == 3 and wb["会話"].max_row == 3
    assert wb["会話"]["C3"].value.startswith(SCRIPT)


# ---------------------------------------------------------------- csv

def test_csv_has_a_bom_crlf_and_one_row_per_version():
    data = render(sample(), "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.startswith(",".join(ANSWER_COLUMNS) + "\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(ANSWER_COLUMNS)
    assert len(rows) == 1 + VERSION_ROWS
    assert rows[3][3].startswith("'=SUM(A1)")  # CSV injection defused
    assert rows[3][3].endswith("\n- 2行目 *強調* [link](x)")  # line breaks survive inside the cell
    assert rows[3][6] == "令和6年7月3日 14:30" and rows[3][7] == "3"
    assert rows[4][4] == "スキップ"


# ---------------------------------------------------------------- json

def validate(data: bytes) -> dict:
    doc = json.loads(data.decode("utf-8"))
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    return doc


def test_json_validates_and_round_trips_the_answers():
    report = sample()
    data = render(report, "json")
    assert "伴走町".encode("utf-8") in data  # ensure_ascii=False
    doc = validate(data)
    assert doc["municipality"] == {"name": "伴走町", "prefecture": "長野県", "code": "203001"}
    assert doc["generated_at"] == "2024-07-10T05:05:00Z"
    assert doc["since"] == "2024-07-01" and doc["since_label"] == "1.5mtg" and doc["masked"] is True
    assert doc["changes"] == ["2-A-1", "3-1"]
    assert doc["next_meeting"] == {"event": "2.5mtg", "on": "2024-09-02"}
    assert len(doc["transcript"]) == 2 and doc["transcript"][1]["text"].startswith(SCRIPT)
    for entry, item in zip(report.answers, doc["answers"], strict=True):
        assert item["question_id"] == entry.question_id
        assert item["question"] == entry.question
        assert item["text"] == entry.current.text
        assert item["status"] == entry.current.status
        assert item["user"] == entry.current.user
        assert datetime.fromisoformat(item["answered_at"].rstrip("Z")) == entry.current.at
        assert item["followups"] == entry.followups
        assert [v["text"] for v in item["versions"]] == [v.text for v in entry.versions]
        assert [v["reply_to_followup"] for v in item["versions"]] == [v.reply_to_followup for v in entry.versions]


def test_json_schema_rejects_what_the_renderer_never_writes():
    doc = validate(render(sample(), "json"))
    doc["answers"][0]["extra"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    doc = validate(render(sample(), "json"))
    del doc["answers"][0]["answered_at"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    doc = validate(render(sample(), "json"))
    doc["generated_at"] = "2024-07-10T14:05:00+09:00"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate(doc)


# ---------------------------------------------------------------- empty report

def test_an_empty_report_renders_everywhere():
    report = empty()
    outputs = {fmt: render(report, fmt) for fmt in FORMATS}
    md = outputs["md"].decode("utf-8")
    assert "令和元年5月1日" in md and "まだ回答がありません。" in md and "特に気になる点はありません。" in md
    assert "前回からの変化" not in md and "付録" not in md and "マスク" not in md
    doc = parsed(report)
    assert "section" in doc.tags and "script" not in doc.tags
    wb = load_workbook(io.BytesIO(outputs["xlsx"]))
    assert wb.sheetnames == ["進み具合", "注意", "回答", "変化"]
    assert wb["回答"].max_row == 1
    rows = list(csv.reader(io.StringIO(outputs["csv"].decode("utf-8-sig"), newline="")))
    assert rows == [list(ANSWER_COLUMNS)]
    doc = validate(outputs["json"])
    assert doc["answers"] == [] and doc["flags"] == [] and doc["transcript"] is None
    assert doc["since"] is None and doc["next_meeting"] is None


# ---------------------------------------------------------------- formulas in either width

FORMULA_STARTS = ["=", "+", "-", "@", "＝", "＋", "－", "＠", "−", "\t", "\r"]


@pytest.mark.parametrize("start", FORMULA_STARTS)
@pytest.mark.parametrize("spaces", ["", " ", "\u3000", " \u3000 "])
def test_no_cell_can_be_taken_for_a_formula_in_any_width(start, spaces):
    """CSV cells get Excel's 「'」; xlsx cells are text with Excel's quote prefix (masked or not)."""
    text = f"{spaces}{start}HYPERLINK(\"http://example.com\",\"x\")" if start not in "\t\r" else f"{start}=1+1"
    report = sample()
    report.answers[0].versions[0] = Version(text, "answered", "山田（保健師）", datetime(2024, 6, 20, 1, 0))
    rows = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig"), newline="")))
    assert rows[1][3] == "'" + text
    cell = workbook(report)["回答"]["D2"]
    assert cell.value == text and cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize("text", ["公民館で月2回", "2-A の問い", "−は減少の意味ではありません"[1:], "＊メモ"])
def test_ordinary_text_is_left_as_it_is(text):
    report = sample()
    report.answers[0].versions[0] = Version(text, "answered", "山田（保健師）", datetime(2024, 6, 20, 1, 0))
    rows = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig"), newline="")))
    assert rows[1][3] == text and not workbook(report)["回答"]["D2"].quotePrefix
