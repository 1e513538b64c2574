"""The report's content: progress, flags, changes since a meeting, masking and access."""

from datetime import date, timedelta

import pytest

import bot.without_tensorflow  # noqa: F401  (GiNZA without TensorFlow)
from bot.report import assemble  # noqa: E402
from bot.review import Command  # noqa: E402
from bot.store.models import Answer  # noqa: E402
from bot.store.registry import Registry, RegistryError  # noqa: E402


@pytest.fixture
def registry(store):
    registry = Registry(store)
    registry.add_municipality("川北町", "石川県", "173240")
    registry.add_municipality("大野村", "岩手県", "035076")
    registry.add_person("yamada", "山田花子", "staff", ["川北町"])
    registry.add_person("ono", "小野一郎", "staff", ["大野村"])
    registry.add_person("adv", "鈴木アドバイザー", "adviser", ["川北町"])
    registry.add_person("root", "管理者", "admin", [])
    return registry


def walk(review, kb):
    """山田さん answers STEP1: a vague answer with a follow-up, a skip, a わからない, and a revision."""
    q1, q2, q3 = [q.id for q in kb.steps[0].questions[:3]]
    turns = [("yamada", "start_review", "振り返りを始めたい"),
             ("yamada", "answer", "増えていると感じます"),  # draws a follow-up
             ("yamada", "answer", "先月、北町の田中花子さん（090-1234-5678）から相談がありました"),  # its reply
             ("yamada", "skip", "次へ"),
             ("yamada", "dont_know", "わからない"), ("yamada", "dont_know", "わからない"),
             ("ono", "start_review", "始めます"), ("ono", "answer", "大野村の答え: 連絡は ono@example.jp へ")]
    for index, (sender, intent, text) in enumerate(turns):
        review.handle(sender, Command(intent, text), f"m{index}")
    return q1, q2, q3


def test_progress_flags_and_who_answered(registry, review, kb):
    q1, q2, q3 = walk(review, kb)
    report = assemble.assemble(registry, kb, registry.municipality("川北町"))
    step1 = next(p for p in report.progress if p.label == "STEP1")
    assert (step1.answered, step1.skipped, step1.dont_know) == (1, 1, 1)
    assert step1.not_yet == step1.total - 3
    assert [a.question_id for a in report.answers] == [q1, q2, q3]  # 大野村's answer is not here
    first = report.answers[0]
    assert [v.user for v in first.versions] == ["山田花子", "山田花子"]
    assert first.current.text == "増えていると感じます" and first.followups
    kinds = {f.kind for f in report.flags}
    assert {"skipped", "dont_know", "followup", "untouched_theme"} <= kinds


def test_personal_data_is_masked_by_default(registry, review, kb):
    walk(review, kb)
    report = assemble.assemble(registry, kb, registry.municipality("川北町"))
    reply = report.answers[0].versions[1].text
    assert "田中" not in reply and "090-1234-5678" not in reply and "〔氏名〕" in reply
    unmasked = assemble.assemble(registry, kb, registry.municipality("川北町"), masked=False)
    assert "090-1234-5678" in unmasked.answers[0].versions[1].text


def test_changes_since_a_meeting(registry, review, kb, store):
    q1, q2, _ = walk(review, kb)
    place = registry.municipality("川北町")
    with store.session() as session, session.begin():  # q1 was answered long before the meeting
        for row in session.query(Answer).filter(Answer.question_id == q1):
            row.created_at -= timedelta(days=60)
    for key in ("b1", "b2", "b3"):  # back from q4 to q1
        review.handle("yamada", Command("go_back", "前に戻る"), key)
    review.handle("yamada", Command("answer", "見える化システムで認定率を確認しました"), "m10")
    today = date.today()
    registry.add_visit("川北町", "1.5mtg", today - timedelta(days=7))
    since = assemble.meeting_date(registry, place, "1.5mtg")
    report = assemble.assemble(registry, kb, place, since=since, since_label="1.5mtg")
    changes = {a.question_id: a.change for a in report.changes}
    assert changes[q1] == "revised" and changes[q2] == "new"


def test_access_is_checked_for_every_reader(registry):
    place, other = registry.municipality("川北町"), registry.municipality("大野村")
    assemble.check_access(registry, registry.person("yamada"), place, masked=True)
    assemble.check_access(registry, registry.person("adv"), place, masked=True)
    assemble.check_access(registry, registry.person("root"), other, masked=False)
    with pytest.raises(assemble.AccessDenied, match="大野村"):
        assemble.check_access(registry, registry.person("yamada"), other, masked=True)
    with pytest.raises(assemble.AccessDenied, match="大野村"):
        assemble.check_access(registry, registry.person("adv"), other, masked=True)
    with pytest.raises(assemble.AccessDenied, match="管理者だけ"):
        assemble.check_access(registry, registry.person("adv"), place, masked=False)


def test_a_meeting_without_a_date_is_a_clear_error(registry):
    with pytest.raises(RegistryError, match="banso visit add"):
        assemble.meeting_date(registry, registry.municipality("川北町"), "2.5mtg")


def test_a_municipality_without_answers_gives_an_empty_report(registry, kb):
    report = assemble.assemble(registry, kb, registry.municipality("大野村"))
    assert report.answers == [] and all(p.answered == 0 for p in report.progress)
    assert len([f for f in report.flags if f.kind == "untouched_theme"]) == len(kb.themes)
