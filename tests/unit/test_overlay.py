"""Regional additions live outside knowledge/ and show as local everywhere."""

import textwrap

import pytest

from bot.knowledge.loader import load
from bot.knowledge.problems import KnowledgeError
from bot.knowledge.prompt_sheet import render

LOCAL = textwrap.dedent(
    """
    questions:
      - parent: theme.kayoinoba
        id: local.theme.kayoinoba.q1
        kind: 考えて欲しい問い
        text: 雪の多い冬のあいだ、通いの場への足はどう確保していますか？
        viewpoints:
          - id: local.theme.kayoinoba.q1.v1
            text: 冬に途切れる参加は、春に戻らないことがあります。季節で見てみましょう。
        prompts:
          - id: local.theme.kayoinoba.q1.p1
            timing: before
            text: 去年の冬、来られなくなった方はいましたか？
          - id: local.theme.kayoinoba.q1.p2
            timing: after
            text: 冬だけの送迎や、近所の家での開催は考えられますか？
        provenance:
          authored: project
    """
)


def test_overlay_adds_a_local_question_shown_as_local(tmp_path, kb):
    (tmp_path / "snow.yml").write_text(LOCAL, encoding="utf-8")
    local = load(overlay=tmp_path)
    theme = local.theme("theme.kayoinoba")
    assert theme.questions[-1].id == "local.theme.kayoinoba.q1"
    assert local.is_local("local.theme.kayoinoba.q1")
    assert len(theme.questions) == len(kb.theme("theme.kayoinoba").questions) + 1
    sheet = render(local, theme="通いの場", fmt="md")
    assert "（地域の追加）　雪の多い冬" in sheet


def test_overlay_replaces_an_official_question(tmp_path, kb):
    official = kb.theme("theme.kayoinoba").questions[0]
    replaced = LOCAL.replace("local.theme.kayoinoba.q1", official.id).replace(
        "  - parent: theme.kayoinoba\n", f"  - parent: theme.kayoinoba\n    replaces: {official.id}\n")
    (tmp_path / "replace.yml").write_text(replaced, encoding="utf-8")
    local = load(overlay=tmp_path)
    assert local.question(official.id).text.startswith("雪の多い冬")
    assert local.is_local(official.id)
    assert len(local.theme("theme.kayoinoba").questions) == len(kb.theme("theme.kayoinoba").questions)


def test_overlay_errors_are_reported_like_the_rest(tmp_path):
    (tmp_path / "bad.yml").write_text(LOCAL.replace("local.theme.kayoinoba.q1\n", "theme.kayoinoba.q77\n", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load(overlay=tmp_path)
    [problem] = caught.value.problems
    assert problem.file.endswith("bad.yml") and "local." in problem.message
