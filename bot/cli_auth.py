"""Who acts at the command line: the ``banso`` commands that read personal data or change accounts.

The rule
--------
1. ``banso report``, ``disclose`` and ``audit`` (they read what staff wrote about residents,
   or the trail) and ``banso user add|password|disable|enable`` and ``delete`` (they change who
   may read it) act for a registered person: ``--as LOGIN`` names them, and their own password
   proves it. The password is taken from the environment variable ``BANSO_PASSWORD`` when it is
   set (for scripts), else read from standard input with ``--password-stdin``, else asked at a
   prompt. The login must be active and have a password, and its role must allow the action
   (``bot.roles``: accounts, disclose, delete, audit and ``--no-mask`` are for admins; a report
   also checks the municipality). No password, no action: ``banso report --as admin --no-mask``
   does nothing without the admin's own password, whoever runs it. A wrong password is written
   to the audit trail ("login_failed", source "cli").
2. One exception, to create the first admin: the *service account* — the operating-system user
   that owns ``var/`` (``BANSO_VAR``), or root — may, without ``--as``, run
   ``banso user add --role admin`` and ``banso user password --login <an admin>`` while **no
   active admin has a password yet**. Once one has, the exception is closed for good: every
   later account change needs an admin's ``--as`` and password (keep two admins, so one can
   reset the other's password). These bootstrap changes are audited with the OS user's name.
3. Everything else (``municipality``, ``visit``, ``user list``, ``backup``/``restore``, ``kb`` …)
   asks for no login: it holds no resident's words, or (backup) copies files that only the
   service account may open anyway — ``var/`` is 0700 and the databases 0600.

With ``--password-stdin``, the passwords that BANSO_PASSWORD does not give are read one a line,
in the order the prompts would ask: first the acting person's, then (``user password``) the new one.
"""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass, field
from typing import Optional

from sqlalchemy import select

from bot import roles
from bot.store import audit
from bot.store.models import Person

PASSWORD_VARIABLE = "BANSO_PASSWORD"
SOURCE = "cli"

AS_HELP = (f"操作する人のログイン名。その人のパスワードを尋ねます（--password-stdin、環境変数 {PASSWORD_VARIABLE} でも渡せます）")
STDIN_HELP = "パスワードを標準入力から 1 行ずつ読みます（スクリプト用。環境変数 BANSO_PASSWORD がなければ、先に --as の人の、次に新しいパスワード）"
RULE = ("個人の記録を読む操作（report・disclose・audit）と、利用者を変える操作（user add・password・disable・enable、delete）は、"
        "--as で名乗った人のパスワードで行います。パスワードのある管理者がまだいないあいだだけ、"
        "var/ の持ち主（または root）が --as なしで最初の管理者を作れます。")


class Refused(Exception):
    """The CLI will not act; the message says why and what to do, in Japanese."""


@dataclass
class Actor:
    """Who a command acts for: a person who proved their password, or the service account at bootstrap."""

    person: Optional[Person]
    os_user: str
    detail: dict = field(default_factory=dict)

    @property
    def login(self) -> Optional[str]:
        return self.person.login if self.person is not None else None

    @property
    def bootstrap(self) -> bool:
        return self.person is None

    def audit(self, session, action: str, **kwargs) -> None:
        """An audit event by this actor, in the caller's transaction (source "cli")."""
        detail = dict(kwargs.pop("detail", None) or {})
        if self.bootstrap:
            detail.update(via="service_account", os_user=self.os_user)
        audit.record(session, action, actor=self.login, source=SOURCE, detail=detail or None, **kwargs)


def add_arguments(parser, *, alias: Optional[str] = None, password_stdin: bool = True) -> None:
    """``--as LOGIN`` (and ``--password-stdin``) on a command that acts for a person."""
    names = ["--as"] + ([alias] if alias else [])
    parser.add_argument(*names, dest="acting", metavar="LOGIN",
                        help=AS_HELP + (f"。{alias} も同じ意味です" if alias else ""))
    if password_stdin:
        parser.add_argument("--password-stdin", action="store_true", help=STDIN_HELP)


def os_user() -> str:
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError):
        return str(os.geteuid())


def service_account() -> bool:
    """Whether this process runs as the OS user that owns var/, or as root."""
    from bot.config import Settings

    uid = os.geteuid()
    if uid == 0:
        return True
    try:
        return Settings.from_env().var.stat().st_uid == uid
    except OSError:
        return False


def admin_with_password(store) -> bool:
    with store.session() as session:
        found = session.execute(select(Person.id).where(
            Person.role == "admin", Person.active.is_(True), Person.password_hash.is_not(None)).limit(1)).first()
    return found is not None


def authenticate(args, store, action: str, *, bootstrap_allowed: bool = False) -> Actor:
    """The actor of this command, or Refused: ``--as`` with a right password and a role that may do ``action``.

    ``bootstrap_allowed``: this very command may create the first admin (rule 2 above).
    """
    login = getattr(args, "acting", None)
    if not login:
        if bootstrap_allowed and not admin_with_password(store):
            if service_account():
                return Actor(None, os_user())
            raise Refused("最初の管理者は、var/ の持ち主（ボットを動かすアカウント）か root として実行して作ってください。"
                          "管理者ができたあとは、その管理者が --as で操作します。")
        raise Refused("この操作には、操作する人のログイン名（--as）とパスワードが必要です。"
                      "例: --as admin（パスワードはこのあと尋ねます）")
    password = read_password(args, f"{login} のパスワード: ")
    if not _password_ok(store, login, password):
        with store.session() as session, session.begin():
            audit.record(session, "login_failed", actor=None, target=login, source=SOURCE,
                         detail={"command": action})
        raise Refused("ログイン名かパスワードが違います（利用を止めた人は使えません）。")
    with store.session() as session:
        person = session.execute(select(Person).where(Person.login == login)).scalar_one()
    try:
        roles.require(person.role, action)
    except roles.Forbidden as refused:
        raise Refused(str(refused)) from None
    return Actor(person, os_user())


def read_password(args, prompt: str) -> str:
    """The acting person's password: BANSO_PASSWORD, else the next line of stdin (--password-stdin), else a prompt."""
    value = os.environ.get(PASSWORD_VARIABLE)
    if value:
        return value
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise Refused("標準入力にパスワードがありませんでした。1 行に 1 つずつ渡してください。")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise Refused("パスワードを尋ねられません（端末ではありません）。--password-stdin か、"
                      f"環境変数 {PASSWORD_VARIABLE} で渡してください。")
    return getpass.getpass(prompt)


def _password_ok(store, login: str, password: str) -> bool:
    from bot.store import accounts

    return accounts.password_ok(store, login, password)
