"""banso kb validate: every kind of mistake names the file, the line and the fix."""

import re

import pytest

from bot.knowledge.loader import load
from bot.knowledge.problems import KnowledgeError


def problems_of(directory, overlay=None):
    with pytest.raises(KnowledgeError) as caught:
        load(directory, overlay=overlay)
    return caught.value.problems


def replace(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path, needle):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_the_real_knowledge_base_is_valid(kb):
    assert kb.steps and kb.themes and kb.terms


def test_malformed_yaml_names_file_and_line(knowledge_copy):
    path = knowledge_copy / "steps" / "step1.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(5, "  broken: [unclosed")
    path.write_text("\n".join(lines), encoding="utf-8")
    [problem] = problems_of(knowledge_copy)
    assert problem.file.endswith("steps/step1.yml")
    assert "YAML として読めません" in problem.message and 6 <= problem.line <= 8
    assert "字下げ" in problem.fix


def test_duplicate_id(knowledge_copy):
    path = knowledge_copy / "steps" / "step1.yml"
    replace(path, "id: step1.q2\n", "id: step1.q1\n")
    messages = [p.message for p in problems_of(knowledge_copy)]
    assert any("「step1.q1」が重複" in m for m in messages)


def test_dangling_reference_points_at_the_entry(knowledge_copy):
    path = knowledge_copy / "themes" / "kayoinoba.yml"
    text = path.read_text(encoding="utf-8")
    first_steps = re.search(r"\n      steps: \[([^\]]*)\]", text)
    path.write_text(text.replace(first_steps.group(0), "\n      steps: [step9]", 1), encoding="utf-8")
    [problem] = problems_of(knowledge_copy)
    assert "「step9」というSTEPがありません" in problem.message
    assert problem.file.endswith("themes/kayoinoba.yml")
    assert "step1〜step7" in problem.fix


def test_missing_field_and_wrong_type(knowledge_copy):
    path = knowledge_copy / "glossary.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n    reading: [^\n]+", "", text, count=1)
    path.write_text(text, encoding="utf-8")
    step = knowledge_copy / "steps" / "step2a.yml"
    text = step.read_text(encoding="utf-8")
    step.write_text(re.sub(r"\n  aliases:(\n    - [^\n]+)+", "\n  aliases: 42", text, count=1), encoding="utf-8")
    problems = problems_of(knowledge_copy)
    missing = next(p for p in problems if "「reading」がありません" in p.message)
    assert missing.file == "knowledge/glossary.yml" and "reading:" in missing.fix
    wrong = next(p for p in problems if "aliases" in p.message)
    assert wrong.line == line_of(step, "aliases: 42") and "リスト" in wrong.message


def test_synonym_claimed_by_two_terms(knowledge_copy):
    path = knowledge_copy / "glossary.yml"
    text = path.read_text(encoding="utf-8")
    # give 協議体 the abbreviation that belongs to 生活支援コーディネーター
    text = re.sub(r"(\n  - id: term\.kyogitai\n)", r"\1    abbreviations: [ＳＣ]\n", text, count=1)
    path.write_text(text, encoding="utf-8")
    problems = problems_of(knowledge_copy)
    assert any("の両方が名乗っています" in p.message and "term.kyogitai" in p.message for p in problems)


def test_removed_question_must_be_retired(knowledge_copy):
    published = (knowledge_copy / "published_ids.txt").read_text(encoding="utf-8").split()
    assert "step1.q1" in published
    path = knowledge_copy / "steps" / "step1.yml"
    replace(path, "id: step1.q1\n", "id: step1.q99\n")
    problems = problems_of(knowledge_copy)
    assert any("「step1.q1」が見つかりません" in p.message and "retired.yml" in p.fix for p in problems)
    (knowledge_copy / "retired.yml").write_text(
        "retired:\n  - id: step1.q1\n    reason: 問いを言い直したため\n    replaced_by: step1.q99\n", encoding="utf-8")
    load(knowledge_copy)


def test_figure_without_source(knowledge_copy):
    path = knowledge_copy / "steps" / "step1.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(\n  purpose: )", r"\1参加率は全国で8%です。", text, count=1)
    text = re.sub(r"(\n  provenance:\n    authored: )paraphrase\n    sources: \[[^\]]*\]", r"\1project", text, count=1)
    path.write_text(text, encoding="utf-8")
    problems = problems_of(knowledge_copy)
    assert any("数値がありますが、出典がありません" in p.message for p in problems)
