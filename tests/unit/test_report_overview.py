"""The dashboard's overview agrees with the full report, from the summaries kept as answers are written."""

import sqlite3
from datetime import date, timedelta

import bot.without_tensorflow  # noqa: F401  (GiNZA without TensorFlow)
from bot.report import assemble  # noqa: E402
from bot.report.overview import overview  # noqa: E402
from bot.review import Command, Review  # noqa: E402
from sqlalchemy import create_engine  # noqa: E402
from bot.store import Store, migrate  # noqa: E402
from bot.store.registry import Registry  # noqa: E402

from . import test_report_assemble as assembled  # noqa: E402

registry = assembled.registry  # the same municipalities and people (a pytest fixture)
walk = assembled.walk  # and the same answers


def agrees(registry, kb, name):
    place = registry.municipality(name)
    report = assemble.assemble(registry, kb, place, masked=False)
    (row,) = overview(registry, kb, [place])
    assert row.progress == report.progress
    assert row.flags == len([f for f in report.flags if f.kind != "untouched_theme"])
    assert row.last == max((v.at for a in report.answers for v in a.versions), default=None)
    assert row.next_meeting == report.next_meeting
    return row


def test_the_overview_agrees_with_the_report(registry, review, kb):
    walk(review, kb)
    tomorrow = date.today() + timedelta(days=2)
    registry.add_visit("川北町", "1.5mtg", tomorrow)
    row = agrees(registry, kb, "川北町")
    assert row.flags >= 3 and row.next_meeting.on == tomorrow  # a follow-up, a skip, a わからない
    agrees(registry, kb, "大野村")


def test_a_step_answered_without_data_is_flagged_in_both(registry, review, kb):
    review.handle("yamada", Command("start_review", "振り返りを始めたい"), "t0")
    review.handle("yamada", Command("answer", "みんなで話し合って決めました"), "t1")
    review.handle("yamada", Command("skip", "次へ"), "t2")  # past the follow-up, if one was asked
    agrees(registry, kb, "川北町")


def test_answers_held_before_summaries_and_before_a_login_was_registered_are_counted(tmp_path, kb):
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}", future=True)
    migrate.upgrade(engine, "0005")
    engine.dispose()
    with sqlite3.connect(path) as db:  # as 0005 left it: evidence never noted, one sender not yet registered
        db.execute("INSERT INTO municipalities (id, name, prefecture, code, created_at) "
                   "VALUES (1, '川北町', '石川県', '173240', '2024-07-01 00:00:00')")
        db.execute("INSERT INTO people (id, login, name, role, municipality_id, created_at, active) "
                   "VALUES (1, 'kato', '加藤', 'staff', 1, '2024-07-01 00:00:00', 1)")
        for sender, bound, question, text, key in [("kato", 1, "step1.q1", "通いの場は12か所です", "m1"),
                                                   ("sato", None, "step1.q2", "まだ話し合っていません", "m2")]:
            db.execute("INSERT INTO answers (sender_id, question_id, text, status, message_id, reply_to_followup, "
                       "person_id, municipality_id, created_at) VALUES (?, ?, ?, 'answered', ?, 0, ?, ?, "
                       "'2024-07-01 01:00:00')", (sender, question, text, key, bound, bound))
    store = Store(f"sqlite:///{path}")  # migrates to the head: summaries made from what is held
    registry = Registry(store)
    assert next(p for p in agrees(registry, kb, "川北町").progress if p.label == "STEP1").answered == 1
    registry.add_person("sato", "佐藤", "staff", ["川北町"])  # sato's old answer now counts for 川北町
    assert next(p for p in agrees(registry, kb, "川北町").progress if p.label == "STEP1").answered == 2
    Review(kb, store).handle("kato", Command("start_review", "振り返りを始めたい"), "n1")
    Review(kb, store).handle("kato", Command("answer", "参加者は延べ300人です"), "n2")
    agrees(registry, kb, "川北町")
