"""Where every word comes from: each question, viewpoint and prompt carries its provenance, and it is shown."""

import json
import re

import pytest

from bot import cli
from bot.knowledge import provenance
from bot.knowledge.loader import load
from bot.knowledge.models import Authored, QuestionKind, has_figure
from bot.knowledge.problems import KnowledgeError
from bot.review import Command

# Questions once marked paraphrase that only a figure's caption (the 「問いのSTEP」 list, 8855/64) supports.
CAPTION_ONLY = ["step3.q2", "step4.q1", "step4.q2", "step4.q3", "step4.q4",
                "step6.q1", "step6.q2", "step6.q3", "step6.q4"]
# Project-written questions that carried the handbook's own label 「よくある問い」.
ONCE_COMMON = ["step1.q3", "step3.q3", "step4.q6", "step6.q6", "step7.q5", "theme.kaigo_yobo_cm.q4",
               "theme.kaigo_yobo_cm.q6", "theme.tanki_shuchu.q5", "theme.kayoinoba.q5", "theme.seikatsu_shien.q7",
               "theme.chiiki_care_kaigi.q1", "theme.chiiki_care_kaigi.q3"]


def test_every_question_viewpoint_and_prompt_has_a_provenance_with_known_sources(kb):
    for q in kb.questions():
        for kind, item in q.items():
            assert item.provenance is not None, item.id
            assert set(item.provenance.sources) <= set(kb.sources), item.id
            if item.provenance.authored is not Authored.project:
                assert item.provenance.sources, item.id


def test_viewpoints_and_prompts_inherit_unless_they_say_otherwise(kb):
    q = kb.question("theme.kayoinoba.q1")  # question and viewpoints from vol.1 p.124; prompts the project's
    assert q.provenance.authored is Authored.paraphrase
    assert all(v.provenance.authored is Authored.paraphrase and v.provenance.sources == ["handbook.vol1.p124"]
               for v in q.viewpoints)
    assert all(p.provenance.authored is Authored.project for p in q.prompts)
    step = kb.question("step3.q2")  # one viewpoint of its own
    assert [v.provenance.authored for v in step.viewpoints] == [Authored.project, Authored.paraphrase]
    tanki = kb.question("theme.tanki_shuchu.q1")  # one prompt of its own
    assert tanki.prompts[0].provenance.authored is Authored.paraphrase
    assert {p.provenance.authored for p in tanki.prompts[1:]} == {Authored.project}
    project = kb.question("step1.q2")  # nothing written: everything is the question's
    assert all(i.provenance == project.provenance.own() for i in [*project.viewpoints, *project.prompts])


def test_the_relabelled_questions(kb):
    for qid in CAPTION_ONLY:
        q = kb.question(qid)
        assert q.provenance.authored is Authored.caption and q.provenance.sources[0] == "handbook.vol1.p64", qid
        assert all(p.provenance.authored is Authored.project for p in q.prompts), qid
    for qid in ONCE_COMMON:
        assert kb.question(qid).kind is QuestionKind.anticipated, qid
    for q in kb.questions():  # 「よくある問い」 is the handbook's label: only its own questions carry it
        if q.kind is QuestionKind.common:
            assert q.provenance.authored is Authored.paraphrase, q.id
            assert any(kb.sources[s].kind == "handbook" for s in q.provenance.sources), q.id


def test_kb_stats_json_counts_the_handbook_and_the_project_per_kind(kb, capsys):
    assert cli.main(["kb", "stats", "--json"]) == 0
    numbers = json.loads(capsys.readouterr().out)
    authored = numbers["authored"]
    totals = {"question": numbers["questions"], "viewpoint": numbers["viewpoints"], "prompt": numbers["prompts"]}
    for kind, total in totals.items():
        row = authored[kind]
        assert row["handbook"] + row["project"] == total
        assert sum(row["labels"].values()) == total and row["labels"]["paraphrase"] == row["handbook"]
    assert authored["question"]["labels"]["caption"] == len(CAPTION_ONLY)
    assert authored["prompt"]["handbook"] == sum(
        1 for q in kb.questions() for p in q.prompts if p.provenance.authored is Authored.paraphrase)
    assert authored["term"]["handbook"] + authored["term"]["project"] == numbers["terms"]
    cli.main(["kb", "stats"])
    assert "出どころ（ハンドブックの言い換え ／ プロジェクト作成）: 問い " in capsys.readouterr().out


@pytest.mark.parametrize("text", ["原則として3か月です", "3〜6ヶ月", "85歳以上", "令和5年度", "61項目", "第115条の48"])
def test_periods_ages_years_items_and_articles_are_figures(text):
    assert has_figure(text)


@pytest.mark.parametrize("text", ["一人ひとりの暮らし", "百歳体操", "STEP1〜7 の問い", "要支援1または要支援2", "数か月"])
def test_words_that_are_not_figures(text):
    assert not has_figure(text)


def test_the_figure_check_flags_three_months_without_a_source(knowledge_copy):
    path = knowledge_copy / "steps" / "step1.yml"
    text = path.read_text(encoding="utf-8")
    # step1.q2.v1 gets a figure and a provenance of its own with no source
    text = re.sub(r"(\n        - id: step1\.q2\.v1\n          text: >-\n)",
                  r"\1            利用は3か月で終えるのが目安です。\n", text, count=1)
    text = text.replace("        - id: step1.q2.v2\n", "          provenance: {authored: project}\n        - id: step1.q2.v2\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load(knowledge_copy)
    [problem] = caught.value.problems
    assert "step1.q2.v1 に数値がありますが、出典がありません（「3か月」）" in problem.message
    assert problem.file.endswith("steps/step1.yml") and "sources" in problem.fix


def test_a_project_question_may_not_wear_the_handbooks_label(knowledge_copy):
    path = knowledge_copy / "steps" / "step1.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    - id: step1.q3\n      kind: 想定される問い\n",
                                 "    - id: step1.q3\n      kind: よくある問い\n", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load(knowledge_copy)
    [problem] = caught.value.problems
    assert "step1.q3 は「よくある問い」ですが" in problem.message and "想定される問い" in problem.fix


def test_the_source_line_names_the_handbook_section_and_says_what_is_ours(kb):
    q = kb.question("theme.kayoinoba.q1")
    assert provenance.question_line(kb, q, prompts=q.prompts[:1]) == (
        "出典: 地域づくり支援ハンドブック vol.1 各論「通いの場」（問い・大事な視点の言い換え）、ほかはプロジェクト作成")
    assert provenance.question_line(kb, kb.question("step1.q2")) == "出典: プロジェクト作成"
    caption = provenance.sheet_parts(kb, kb.question("step4.q3"))
    assert caption[0] == ("問い", "プロジェクト作成（地域づくり支援ハンドブック vol.1「問いのSTEP」一覧図の見出しをもとに）")


def say(review, sender, intent, text="", **entities):
    return review.handle(sender, Command(intent, text or intent, **entities), f"{sender}-{intent}-{text}-{entities}")


def test_the_chats_viewpoint_reply_shows_where_it_comes_from(review, kb):
    say(review, "prov", "choose_theme", "通いの場", theme="通いの場")
    reply = say(review, "prov", "request_viewpoint").messages[0].text
    lines = reply.split("\n")
    assert lines[0] == "【大事な視点】" and kb.question("theme.kayoinoba.q1").viewpoints[0].text in reply
    assert lines[-1] == "出典: 地域づくり支援ハンドブック vol.1 各論「通いの場」（大事な視点の言い換え）、ほかはプロジェクト作成"


def test_a_handbook_answer_shows_where_it_comes_from(review, kb):
    answer = say(review, "prov2", "ask_handbook", "/ask_handbook", question="theme.seikatsu_shien.q1").text
    assert "【大事な視点】" in answer and "出典: 地域づくり支援ハンドブック vol.1 各論「生活支援体制整備事業」" in answer
    ours = say(review, "prov2", "ask_handbook", "/ask_handbook", question="theme.chiiki_care_kaigi.q3").text
    assert ours.split("\n")[-1] == "出典: プロジェクト作成"
    term = say(review, "prov2", "ask_term", "介護予防支援とは", term="介護予防支援").text
    assert term.startswith("【介護予防支援】") and term.endswith("出典: プロジェクト作成")
