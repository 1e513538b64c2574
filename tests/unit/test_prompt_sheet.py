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
