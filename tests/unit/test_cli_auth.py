"""The CLI acts for an authenticated person (bot.cli_auth), audits what it does, and writes private files."""

import json
import os
import stat

import pytest

from bot import cli_auth, services
from tests.unit.test_cli_record import ADMIN, ADV, acting, setup_people


@pytest.fixture
def banso(banso_cli, tmp_path, monkeypatch):
    return acting(banso_cli(tmp_path), monkeypatch)


def trail(banso, *filters):
    code, out, err = banso("audit", "--as", "admin", "--json", *filters, password=ADMIN)
    assert code == 0, err
    return json.loads(out)


def test_no_unmasked_report_without_the_admins_own_password(banso, tmp_path):
    setup_people(banso)
    argv = ("report", "--municipality", "川北町", "--user", "admin", "--no-mask", "--format", "json")
    code, out, err = banso(*argv)  # no password at all (no terminal to ask at)
    assert code == 1 and out == "" and "--password-stdin" in err
    code, out, err = banso(*argv, "--password-stdin", stdin="adviser-password-1\n")  # someone else's password
    assert code == 1 and out == "" and "パスワードが違います" in err
    code, out, err = banso(*argv, "--password-stdin", stdin=f"{ADMIN}\n")
    assert code == 0 and json.loads(out)["answers"] == []
    failed, exported = trail(banso, "--action", "login_failed")[0], trail(banso, "--action", "report")[0]
    assert failed["target"] == "admin" and failed["actor"] is None and failed["source"] == "cli"
    assert exported["actor"] == "admin" and exported["municipality"] == "川北町"
    assert exported["detail"]["masked"] is False and exported["detail"]["format"] == "json"


def test_only_admins_change_accounts_and_a_disabled_admin_cannot_act(banso):
    setup_people(banso)
    code, _, err = banso("user", "add", "--as", "adv", "--login", "x2", "--name", "X", "--role", "admin", password=ADV)
    assert code == 1 and "管理者だけ" in err
    code, _, err = banso("user", "password", "--as", "adv", "--login", "admin", "--password-stdin",
                         stdin="taken-over-password\n", password=ADV)
    assert code == 1 and "管理者だけ" in err
    assert banso("user", "add", "--as", "admin", "--login", "admin2", "--name", "副管理者", "--role", "admin",
                 password=ADMIN)[0] == 0
    assert banso("user", "password", "--as", "admin", "--login", "admin2", "--password-stdin",
                 stdin="second-admin-pass\n", password=ADMIN)[0] == 0
    assert banso("user", "disable", "--as", "admin", "--login", "admin2", password=ADMIN)[0] == 0
    code, _, err = banso("audit", "--as", "admin2", password="second-admin-pass")
    assert code == 1 and "利用を止めた人" in err
    code, _, err = banso("user", "disable", "--as", "admin", "--login", "admin", password=ADMIN)
    assert code == 1 and "ご自分" in err
    changes = [(e["action"], e["target"], e["actor"]) for e in trail(banso) if e["action"].startswith("account")]
    assert ("account_active", "admin2", "admin") in changes and ("account_password", "admin2", "admin") in changes
    assert ("account_add", "admin", None) in changes  # the bootstrap, by the service account
    bootstrap = next(e for e in trail(banso, "--action", "account_add") if e["target"] == "admin")
    assert bootstrap["detail"]["via"] == "service_account" and bootstrap["detail"]["os_user"]


def test_the_bootstrap_makes_only_the_first_admin_and_then_closes(banso, monkeypatch):
    code, _, err = banso("user", "add", "--login", "staff1", "--name", "X", "--role", "staff", "--municipality", "x")
    assert code == 1 and "--as" in err  # even the service account makes only an admin without --as
    monkeypatch.setattr(cli_auth, "service_account", lambda: False)
    code, _, err = banso("user", "add", "--login", "admin", "--name", "管理者", "--role", "admin")
    assert code == 1 and "var/ の持ち主" in err
    monkeypatch.undo()
    setup_people(banso)  # the bootstrap, then an admin with a password
    code, _, err = banso("user", "add", "--login", "admin9", "--name", "X", "--role", "admin")
    assert code == 1 and "--as" in err
    code, _, err = banso("user", "password", "--login", "admin", "--password-stdin", stdin="taken-over-password\n")
    assert code == 1 and "--as" in err
    assert cli_auth._password_ok(services.store(), "admin", ADMIN)  # unchanged


def test_the_service_account_is_the_owner_of_var_or_root(tmp_path, monkeypatch):
    monkeypatch.setenv("BANSO_VAR", str(tmp_path))
    monkeypatch.setattr(os, "geteuid", lambda: tmp_path.stat().st_uid)
    assert cli_auth.service_account()
    monkeypatch.setattr(os, "geteuid", lambda: tmp_path.stat().st_uid + 4242)
    assert not cli_auth.service_account()
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert cli_auth.service_account()


def test_the_audit_trail_is_for_admins_and_reading_it_is_recorded(banso):
    setup_people(banso)
    code, _, err = banso("audit", "--as", "adv", password=ADV)
    assert code == 1 and "管理者だけが見られます" in err
    code, out, _ = banso("audit", "--as", "admin", "--actor", "admin", "--since", "2024/1/1", password=ADMIN)
    assert code == 0 and "利用者の登録" in out and "\tcli" in out
    events = trail(banso, "--action", "audit_read")
    assert events[0]["actor"] == "admin" and events[0]["detail"]["filters"]["actor"] == "admin"
    code, out, _ = banso("audit", "--as", "admin", "--action", "delete", password=ADMIN)
    assert code == 0 and "ありません" in out


def test_reports_and_the_record_are_private_files(banso, tmp_path):
    setup_people(banso)
    target = tmp_path / "r.md"
    target.write_text("old")
    os.chmod(target, 0o644)
    code, _, err = banso("report", "--municipality", "川北町", "--as", "adv", "--output", str(target), password=ADV)
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_text(encoding="utf-8") != "old"
    assert stat.S_IMODE((tmp_path / "banso.db").stat().st_mode) == 0o600


def test_a_new_record_is_made_0600_in_a_new_0700_folder(tmp_path):
    from bot.store import Store

    Store(f"sqlite:///{tmp_path / 'new' / 'var' / 'banso.db'}")
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new" / "var").stat().st_mode) == 0o700
    for name in ("banso.db", "banso.db-wal"):
        path = tmp_path / "new" / "var" / name
        assert not path.exists() or stat.S_IMODE(path.stat().st_mode) == 0o600, name


def test_backups_go_to_a_private_folder_but_a_chosen_folder_is_left_alone(banso, tmp_path):
    setup_people(banso)
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    assert banso("backup", "--output", str(shared / "copy.db"))[0] == 0
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert stat.S_IMODE((shared / "copy.db").stat().st_mode) == 0o600
    assert banso("backup", "--output", str(tmp_path / "made" / "copy.db"))[0] == 0
    assert stat.S_IMODE((tmp_path / "made").stat().st_mode) == 0o700
