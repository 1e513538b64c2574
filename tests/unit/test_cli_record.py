"""banso municipality|user|visit|report from a terminal: Japanese messages, no tracebacks."""

import io
import json

import pytest

ADMIN, ADV, YAMADA = "admin-password-1", "adviser-password-1", "yamada-password-1"


@pytest.fixture
def banso(banso_cli, tmp_path, monkeypatch):
    return acting(banso_cli(tmp_path), monkeypatch)


def acting(run, monkeypatch):
    """``banso …`` with the acting person's password in BANSO_PASSWORD (or none), and a standard input."""

    def call(*argv, password=None, stdin=""):
        if password:
            monkeypatch.setenv("BANSO_PASSWORD", password)
        else:
            monkeypatch.delenv("BANSO_PASSWORD", raising=False)
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return run(*argv)

    return call


def setup_people(banso):
    """The first admin (the service account's bootstrap), then everyone else by that admin."""
    assert banso("user", "add", "--login", "admin", "--name", "管理者", "--role", "admin")[0] == 0
    assert banso("user", "password", "--login", "admin", "--password-stdin", stdin=f"{ADMIN}\n")[0] == 0
    assert banso("municipality", "add", "--name", "川北町", "--prefecture", "石川県", "--code", "173240")[0] == 0
    assert banso("municipality", "add", "--name", "大野村", "--prefecture", "岩手県", "--code", "035076")[0] == 0
    assert banso("user", "add", "--as", "admin", "--login", "yamada", "--name", "山田花子", "--role", "staff",
                 "--municipality", "川北町", password=ADMIN)[0] == 0
    assert banso("user", "add", "--as", "admin", "--login", "adv", "--name", "鈴木一郎", "--role", "adviser",
                 "--municipality", "川北町", password=ADMIN)[0] == 0
    for login, password in (("yamada", YAMADA), ("adv", ADV)):
        assert banso("user", "password", "--as", "admin", "--login", login, "--password-stdin",
                     stdin=f"{ADMIN}\n{password}\n")[0] == 0


def test_register_and_list(banso):
    setup_people(banso)
    code, out, _ = banso("municipality", "list")
    assert code == 0 and "173240\t石川県\t川北町" in out
    code, out, _ = banso("user", "list")
    assert "admin\t管理者\t管理者\tすべて" in out
    assert "yamada\t山田花子\t市町村職員\t川北町" in out and "adv\t鈴木一郎\tアドバイザー\t川北町" in out
    code, out, _ = banso("visit", "add", "--municipality", "川北町", "--event", "1.5mtg", "--date", "R6.9.2")
    assert code == 0 and "令和6年9月2日" in out
    code, out, _ = banso("visit", "list", "--municipality", "川北町")
    assert "令和6年9月2日\t1.5mtg" in out


@pytest.mark.parametrize("argv, password, message", [
    (("visit", "add", "--municipality", "川北町", "--event", "1.5mtg", "--date", "2024/13/1"), None, "日付"),
    (("visit", "add", "--municipality", "北町", "--event", "1.5mtg", "--date", "R6.9.2"), None, "登録されていません"),
    (("user", "add", "--as", "admin", "--login", "x1", "--name", "X", "--role", "staff"), ADMIN, "一つだけ"),
    (("report", "--municipality", "大野村", "--user", "yamada"), YAMADA, "見ることができません"),
    (("report", "--municipality", "大野村", "--user", "nobody"), YAMADA, "パスワードが違います"),
    (("report", "--municipality", "川北町", "--user", "adv", "--no-mask"), ADV, "管理者だけ"),
    (("report", "--municipality", "川北町", "--user", "adv", "--since-meeting", "2.5mtg"), ADV, "banso visit add"),
    (("report", "--municipality", "川北町", "--user", "adv", "--since", "きのう"), ADV, "日付"),
    (("report", "--municipality", "川北町", "--user", "adv"), None, "--password-stdin"),
    (("report", "--municipality", "川北町"), ADV, "--as"),
])
def test_bad_requests_exit_with_a_japanese_message(banso, argv, password, message):
    setup_people(banso)
    code, out, err = banso(*argv, password=password)
    assert code == 1 and message in err and "Traceback" not in err


def test_an_empty_report_is_still_valid(banso, tmp_path):
    setup_people(banso)
    code, out, _ = banso("report", "--municipality", "川北町", "--as", "adv", "--format", "json", password=ADV)
    assert code == 0
    assert json.loads(out)["answers"] == []
    target = tmp_path / "r.xlsx"
    code, out, _ = banso("report", "--municipality", "川北町", "--user", "adv", "--format", "xlsx",
                         "--output", str(target), password=ADV)
    assert code == 0 and target.stat().st_size > 0


def test_an_unwritable_output_is_reported(banso, tmp_path):
    setup_people(banso)
    code, _, err = banso("report", "--municipality", "川北町", "--as", "adv", "--output",
                         str(tmp_path / "no-such-dir" / "r.md"), password=ADV)
    assert code == 1 and "書き込めませんでした" in err


def test_a_password_is_set_from_a_script_and_checked(banso):
    from bot import cli_auth, services

    setup_people(banso)
    code, _, err = banso("user", "password", "--as", "admin", "--login", "adv", "--password-stdin",
                         stdin=f"{ADMIN}\nshort\n")
    assert code == 1 and "10 文字以上" in err
    code, out, _ = banso("user", "password", "--as", "admin", "--login", "adv", "--password-stdin",
                         stdin=f"{ADMIN}\nadviser-password-2\n")
    assert code == 0 and "パスワードを設定しました" in out
    assert cli_auth._password_ok(services.store(), "adv", "adviser-password-2")
    code, out, _ = banso("user", "password", "--as", "admin", "--login", "yamada", "--password-stdin",
                         stdin="yamada-password-2\n", password=ADMIN)  # the admin's from BANSO_PASSWORD
    assert code == 0 and cli_auth._password_ok(services.store(), "yamada", "yamada-password-2")


def test_disable_and_enable_a_login(banso, tmp_path):
    from bot.store import Store

    setup_people(banso)
    code, out, _ = banso("user", "disable", "--login", "yamada", "--as", "admin", password=ADMIN)
    assert code == 0 and "止めました" in out
    assert "yamada\t山田花子\t市町村職員\t川北町\t（利用停止中）" in banso("user", "list")[1]
    assert Store(f"sqlite:///{tmp_path / 'banso.db'}").active_login("yamada") is None
    assert "再開しました" in banso("user", "enable", "--login", "yamada", "--as", "admin", password=ADMIN)[1]
    assert Store(f"sqlite:///{tmp_path / 'banso.db'}").active_login("yamada").login == "yamada"
    code, _, err = banso("user", "disable", "--login", "nobody", "--as", "admin", password=ADMIN)
    assert code == 1 and "登録されていません" in err


def test_backup_and_restore_round_trip_into_a_fresh_var(banso_cli, tmp_path, monkeypatch):
    """Everything held comes back: every answer, person, visit and walk."""
    import sqlite3
    import stat

    from bot.review import Command, Review
    from bot.store import Store
    from bot.knowledge.loader import load

    old, new = tmp_path / "old", tmp_path / "new"
    banso = acting(banso_cli(old), monkeypatch)
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


def test_the_cli_runs_as_a_module_too():
    # python -m bot.cli ran main() before the functions below it were defined (NameError: _eval).
    import subprocess
    import sys

    from bot.config import ROOT

    done = subprocess.run([sys.executable, "-m", "bot.cli", "eval", "nlu", "--folds", "1"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--folds は 2 以上" in done.stderr, done.stderr  # an answer from _eval


def test_eval_startup_refuses_zero_runs_in_japanese(capsys):
    from bot import cli

    assert cli.main(["eval", "startup", "--runs", "0"]) == 2
    assert "--runs は 1 以上" in capsys.readouterr().err
