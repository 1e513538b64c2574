"""banso municipality|user|visit|report from a terminal: Japanese messages, no tracebacks."""

import json

import pytest


@pytest.fixture
def banso(banso_cli, tmp_path):
    return banso_cli(tmp_path)


def setup_people(banso):
    assert banso("municipality", "add", "--name", "川北町", "--prefecture", "石川県", "--code", "173240")[0] == 0
    assert banso("municipality", "add", "--name", "大野村", "--prefecture", "岩手県", "--code", "035076")[0] == 0
    assert banso("user", "add", "--login", "yamada", "--name", "山田花子", "--role", "staff",
                 "--municipality", "川北町")[0] == 0
    assert banso("user", "add", "--login", "adv", "--name", "鈴木一郎", "--role", "adviser",
                 "--municipality", "川北町")[0] == 0


def test_register_and_list(banso):
    setup_people(banso)
    code, out, _ = banso("municipality", "list")
    assert code == 0 and "173240\t石川県\t川北町" in out
    code, out, _ = banso("user", "list")
    assert "yamada\t山田花子\t市町村職員\t川北町" in out and "adv\t鈴木一郎\tアドバイザー\t川北町" in out
    code, out, _ = banso("visit", "add", "--municipality", "川北町", "--event", "1.5mtg", "--date", "R6.9.2")
    assert code == 0 and "令和6年9月2日" in out
    code, out, _ = banso("visit", "list", "--municipality", "川北町")
    assert "令和6年9月2日\t1.5mtg" in out


@pytest.mark.parametrize("argv, message", [
    (("visit", "add", "--municipality", "川北町", "--event", "1.5mtg", "--date", "2024/13/1"), "日付"),
    (("visit", "add", "--municipality", "北町", "--event", "1.5mtg", "--date", "R6.9.2"), "登録されていません"),
    (("user", "add", "--login", "x1", "--name", "X", "--role", "staff"), "一つだけ"),
    (("report", "--municipality", "大野村", "--user", "yamada"), "見ることができません"),
    (("report", "--municipality", "大野村", "--user", "nobody"), "登録されていません"),
    (("report", "--municipality", "川北町", "--user", "adv", "--no-mask"), "管理者だけ"),
    (("report", "--municipality", "川北町", "--user", "adv", "--since-meeting", "2.5mtg"), "banso visit add"),
    (("report", "--municipality", "川北町", "--user", "adv", "--since", "きのう"), "日付"),
])
def test_bad_requests_exit_with_a_japanese_message(banso, argv, message):
    setup_people(banso)
    code, out, err = banso(*argv)
    assert code == 1 and message in err and "Traceback" not in err


def test_an_empty_report_is_still_valid(banso, tmp_path):
    setup_people(banso)
    code, out, _ = banso("report", "--municipality", "川北町", "--user", "adv", "--format", "json")
    assert code == 0
    assert json.loads(out)["answers"] == []
    target = tmp_path / "r.xlsx"
    code, out, _ = banso("report", "--municipality", "川北町", "--user", "adv", "--format", "xlsx", "--output", str(target))
    assert code == 0 and target.stat().st_size > 0


def test_an_unwritable_output_is_reported(banso, tmp_path):
    setup_people(banso)
    code, _, err = banso("report", "--municipality", "川北町", "--user", "adv", "--output",
                         str(tmp_path / "no-such-dir" / "r.md"))
    assert code == 1 and "書き込めませんでした" in err


def test_a_password_is_set_from_a_script_and_checked(banso, monkeypatch):
    import io

    from bot import services
    from bot.web import auth

    setup_people(banso)
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    code, _, err = banso("user", "password", "--login", "adv", "--password-stdin")
    assert code == 1 and "10 文字以上" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("adviser-password-1\n"))
    code, out, _ = banso("user", "password", "--login", "adv", "--password-stdin")
    assert code == 0 and "パスワードを設定しました" in out
    assert auth.log_in(services.store(), "adv", "adviser-password-1")


def test_disable_and_enable_a_login(banso, tmp_path):
    from bot.store import Store

    setup_people(banso)
    code, out, _ = banso("user", "disable", "--login", "yamada")
    assert code == 0 and "止めました" in out
    assert "yamada\t山田花子\t市町村職員\t川北町\t（利用停止中）" in banso("user", "list")[1]
    assert Store(f"sqlite:///{tmp_path / 'banso.db'}").active_login("yamada") is None
    assert "再開しました" in banso("user", "enable", "--login", "yamada")[1]
    assert Store(f"sqlite:///{tmp_path / 'banso.db'}").active_login("yamada").login == "yamada"
    code, _, err = banso("user", "disable", "--login", "nobody")
    assert code == 1 and "登録されていません" in err


def test_backup_and_restore_round_trip_into_a_fresh_var(banso_cli, tmp_path):
    """Everything held comes back: every answer, person, visit and walk."""
    import sqlite3
    import stat

    from bot.review import Command, Review
    from bot.store import Store
    from bot.knowledge.loader import load

    old, new = tmp_path / "old", tmp_path / "new"
    banso = banso_cli(old)
    setup_people(banso)
    banso("visit", "add", "--municipality", "川北町", "--event", "1.5mtg", "--date", "R6.9.2")
    review = Review(load(), Store(f"sqlite:///{old / 'banso.db'}"))
    for key, (intent, text) in enumerate([("start_review", "始めたい"), ("answer", "サロンは12か所、参加者は延べ300人です。民生委員さんが「うれしい」と言っていました。"),
                                          ("skip", "スキップ"), ("dont_know", "わからない"), ("dont_know", "わからない")]):
        review.handle("yamada", Command(intent, text), f"k{key}")
    code, out, _ = banso("backup", "--output", str(tmp_path / "copy.db"))
    assert code == 0 and "複製しました" in out
    assert stat.S_IMODE((tmp_path / "copy.db").stat().st_mode) == 0o600
    restore_into_new = banso_cli(new)
    code, out, _ = restore_into_new("restore", "--input", str(tmp_path / "copy.db"))
    assert code == 0 and "戻しました" in out
    tables = {"answers": "question_id, text, status, message_id, person_id", "people": "login, name, role, active",
              "visits": "event, held_on", "walks": "walk_key, question_id, status", "supports": "person_id, municipality_id"}
    for table, columns in tables.items():
        with sqlite3.connect(old / "banso.db") as a, sqlite3.connect(new / "banso.db") as b:
            query = f"SELECT {columns} FROM {table} ORDER BY 1, 2"
            assert a.execute(query).fetchall() == b.execute(query).fetchall() != [], table
    code, _, err = restore_into_new("restore", "--input", str(tmp_path / "copy.db"))
    assert code == 1 and "--force" in err  # never over an existing record by accident
    code, _, err = restore_into_new("restore", "--input", str(tmp_path / "missing.db"), "--force")
    assert code == 1 and "見つかりません" in err
