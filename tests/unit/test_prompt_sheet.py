from html.parser import HTMLParser

import pytest

from bot.knowledge.prompt_sheet import PromptSheetError, render


def test_markdown_sheet_has_every_question_with_prompts_before_and_after(kb):
    theme = kb.theme("theme.kayoinoba")
    sheet = render(kb, theme="サロン", fmt="md")  # an alias finds the theme
    assert sheet.startswith("# 問いかけシート：各論 通いの場")
    assert sheet.count("## 問い") == len(theme.questions)
    assert sheet.count("**視点を見せる前の問いかけ**") == len(theme.questions)
    for q in theme.questions:
        assert q.text in sheet and q.viewpoints[0].text in sheet


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_sheet_is_printable_a4_and_self_contained(kb):
    step = kb.step("step2a")
    html = render(kb, step="ステップ２のA", fmt="html")
    parser = _Collect()
    parser.feed(html)
    assert "@page { size: A4" in html
    assert not [a for t, a in parser.tags if t in {"link", "script", "img"}]  # no external assets
    assert sum(1 for t, a in parser.tags if t == "section") == len(step.questions)
    assert step.questions[0].text in "".join(parser.text)


def test_unknown_theme_names_the_choices(kb):
    with pytest.raises(PromptSheetError) as caught:
        render(kb, theme="宇宙開発")
    assert "通いの場" in str(caught.value)


def test_a_sheet_says_where_each_question_viewpoint_and_prompt_comes_from(kb):
    sheet = render(kb, theme="短期集中予防サービス", fmt="md")
    theme = kb.theme("theme.tanki_shuchu")
    assert sheet.count("*出典　問い") == len(theme.questions)
    assert "「言い換え」は" in sheet and "「プロジェクト作成」は" in sheet  # the legend
    # q1: question and viewpoints from the JMAR report; its prompts differ one by one, so each carries a tag
    q1 = theme.questions[0]
    assert ("*出典　問い・大事な視点: 支援パッケージ調査研究報告書 各論「短期集中予防サービス」（言い換え）"
            "／問いかけ例: 項目ごとに記載*") in sheet
    assert f"- {q1.prompts[0].text}　〔支援パッケージ調査研究報告書 各論「短期集中予防サービス」（言い換え）〕" in sheet
    assert f"- {q1.prompts[1].text}　〔プロジェクト作成〕" in sheet
    assert "*出典　問い・大事な視点・問いかけ例: プロジェクト作成*" in sheet  # a question the project wrote
    html = render(kb, step="STEP4", fmt="html")
    assert "プロジェクト作成（地域づくり支援ハンドブック vol.1「問いのSTEP」一覧図の見出しをもとに）" in html
    assert html.count('<p class="sources">') == len(kb.step("step4").questions)
