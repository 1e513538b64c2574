"""``banso municipality|user|visit|report``: the system of record from the command line."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import Optional

from bot.report.render import FORMATS as REPORT_FORMATS
from bot.store.models import CYCLE_EVENTS, ROLES


def add_parsers(commands) -> None:
    municipality = commands.add_parser("municipality", help="市町村の登録と一覧")
    m_commands = municipality.add_subparsers(dest="record_command", metavar="操作")
    m_add = m_commands.add_parser("add", help="市町村を登録します")
    m_add.add_argument("--name", required=True, help="市町村名（例: 川北町）")
    m_add.add_argument("--prefecture", required=True, help="都道府県名（例: 石川県）")
    m_add.add_argument("--code", required=True, help="全国地方公共団体コード 6 桁（例: 173614）")
    m_commands.add_parser("list", help="登録済みの市町村")

    backup = commands.add_parser("backup", help="記録（var/banso.db、または PostgreSQL）を、ボットを動かしたまま複製します")
    backup.add_argument("--output", type=Path, help="複製先（既定: var/backups/banso-日時.db、PostgreSQL は .dump）")
    restore = commands.add_parser("restore", help="複製から記録を戻します（ボットを止めてから）")
    restore.add_argument("--input", type=Path, required=True, help="banso backup で作った複製")
    restore.add_argument("--force", action="store_true", help="いまの記録を上書きします")
    user = commands.add_parser("user", help="利用者の登録と一覧")
    u_commands = user.add_subparsers(dest="record_command", metavar="操作")
    u_add = u_commands.add_parser("add", help="利用者を登録します")
    u_add.add_argument("--login", required=True, help="ログイン名（会話の送信者 id にもなります。例: yamada）")
    u_add.add_argument("--name", required=True, help="氏名（例: 山田花子）")
    u_add.add_argument("--role", required=True, choices=ROLES,
                       help="staff（市町村職員）, adviser, prefecture, bureau, admin")
    u_add.add_argument("--municipality", action="append", default=[],
                       help="staff は所属の市町村、支援チームは担当の市町村（複数可）")
    u_commands.add_parser("list", help="登録済みの利用者")
    for verb, text in (("disable", "利用を止めます（ログインもボットとの会話もできなくなります。記録は残ります）"),
                       ("enable", "止めた利用を再開します")):
        u_commands.add_parser(verb, help=text).add_argument("--login", required=True)
    u_password = u_commands.add_parser("password", help="ブラウザでログインするためのパスワードを設定します")
    u_password.add_argument("--login", required=True)
    u_password.add_argument("--password-stdin", action="store_true",
                            help="パスワードを標準入力の 1 行目から読みます（スクリプト用）")

    visit = commands.add_parser("visit", help="支援の流れ（顔合わせ〜報告会）の日付")
    v_commands = visit.add_subparsers(dest="record_command", metavar="操作")
    v_add = v_commands.add_parser("add", help="日付を登録します")
    v_add.add_argument("--municipality", required=True)
    v_add.add_argument("--event", required=True, help="、".join(CYCLE_EVENTS))
    v_add.add_argument("--date", required=True, help="令和6年7月1日、R6.7.1、2024/7/1 など")
    v_add.add_argument("--note", help="メモ（任意）")
    v_list = v_commands.add_parser("list", help="登録済みの日付")
    v_list.add_argument("--municipality", required=True)

    report = commands.add_parser("report", help=".5 ミーティング用の報告書を作ります")
    report.add_argument("--municipality", required=True)
    report.add_argument("--user", required=True, help="報告書を作る人のログイン名（見られる市町村を確かめます）")
    since = report.add_mutually_exclusive_group()
    since.add_argument("--since", help="この日以降の変化を示します（令和6年7月1日、R6.7.1、2024/7/1 など）")
    since.add_argument("--since-meeting", choices=CYCLE_EVENTS, help="この会の日付以降の変化を示します（例: 1.5mtg）")
    report.add_argument("--format", choices=REPORT_FORMATS, default="md")
    report.add_argument("--output", type=Path, help="出力先ファイル（md・json・csv は省略すると画面に出します）")
    report.add_argument("--transcript", action="store_true", help="会話の記録を付録に付けます（Rasa を読み込むので遅くなります）")
    report.add_argument("--no-mask", action="store_true", help="個人情報を伏せません（管理者のみ）")


def run(args: argparse.Namespace, parsers: dict) -> Optional[int]:
    """The exit code, or None when the command is not one of ours."""
    if args.command in ("backup", "restore"):
        return _backup_or_restore(args)
    if args.command not in ("municipality", "user", "visit", "report"):
        return None
    from bot import services
    from bot.report.dates import DateError
    from bot.store import StoreUnavailable
    from bot.store.registry import Registry, RegistryError

    try:
        registry = Registry(services.store())
        if args.command == "report":
            return _report(args, registry)
        if getattr(args, "record_command", None) is None:
            parsers[args.command].print_help()
            return 2
        return {"municipality": _municipality, "user": _user, "visit": _visit}[args.command](args, registry)
    except (RegistryError, DateError) as err:
        print(err, file=sys.stderr)
        return 1
    except StoreUnavailable:
        print("記録のデータベースに書き込めませんでした（ほかの処理が使用中か、場所に書き込めません）。"
              "少し待ってからもう一度お試しください。", file=sys.stderr)
        return 1


def _municipality(args, registry) -> int:
    if args.record_command == "add":
        place = registry.add_municipality(args.name, args.prefecture, args.code)
        print(f"{place.prefecture}{place.name}（{place.code}）を登録しました。")
        return 0
    places = registry.municipalities()
    if not places:
        print("登録された市町村はまだありません。banso municipality add で登録してください。")
    for place in places:
        print(f"{place.code}\t{place.prefecture}\t{place.name}")
    return 0


def _user(args, registry) -> int:
    if args.record_command == "password":
        return _password(args, registry)
    if args.record_command in ("disable", "enable"):
        person = registry.set_active(args.login, args.record_command == "enable")
        state = "再開しました" if person.active else "止めました（記録は残っています）"
        print(f"{person.name}さん（{person.login}）の利用を{state}。")
        return 0
    if args.record_command == "add":
        person = registry.add_person(args.login, args.name, args.role, args.municipality)
        places = "、".join(m.name for m in registry.supported(person)) if person.role != "admin" else "すべて"
        print(f"{person.name}さん（{registry.role_label(person.role)}、ログイン名 {person.login}）を登録しました。"
              f"見られる市町村: {places}")
        return 0
    people = registry.people()
    if not people:
        print("登録された利用者はまだいません。banso user add で登録してください。")
    for person in people:
        places = "すべて" if person.role == "admin" else "、".join(m.name for m in registry.supported(person)) or "なし"
        state = "" if person.active else "\t（利用停止中）"
        print(f"{person.login}\t{person.name}\t{registry.role_label(person.role)}\t{places}{state}")
    return 0


def _password(args, registry) -> int:
    import getpass

    from bot.web import auth

    person = registry.require_person(args.login)
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"{person.name}さんの新しいパスワード（{auth.MIN_PASSWORD} 文字以上）: ")
        if getpass.getpass("もう一度入力してください: ") != password:
            print("2 回の入力が一致しませんでした。もう一度お試しください。", file=sys.stderr)
            return 1
    auth.set_password(registry.store, person.login, password)
    print(f"{person.name}さん（{person.login}）のパスワードを設定しました。")
    return 0


def _visit(args, registry) -> int:
    from bot.report.dates import parse_date, wareki

    if args.record_command == "add":
        held_on = parse_date(args.date)
        visit = registry.add_visit(args.municipality, args.event, held_on, args.note)
        print(f"{args.municipality}の{visit.event}を{wareki(visit.held_on)}として登録しました。")
        return 0
    visits = registry.visits(args.municipality)
    if not visits:
        print(f"{args.municipality}の日付はまだ登録されていません。")
    for visit in visits:
        print(f"{wareki(visit.held_on)}\t{visit.event}\t{visit.note or ''}")
    return 0


def _backup_or_restore(args) -> int:
    from bot.config import Settings
    from bot.store import Store, backup

    settings = Settings.from_env()
    try:
        if args.command == "backup":
            target = backup.backup(settings.database_url,
                                   args.output or backup.default_target(settings.var, settings.database_url))
            print(f"記録を {target} に複製しました。")
            return 0
        restored = backup.restore(settings.database_url, args.input, force=args.force)
        Store(settings.database_url)  # a copy from an older version is brought to the current schema
        print(f"{args.input} から記録を戻しました（{restored}）。")
        return 0
    except (backup.BackupError, sqlite3.DatabaseError, OSError) as err:
        print(f"{err}" if isinstance(err, backup.BackupError) else f"できませんでした（{err}）。", file=sys.stderr)
        return 1


def _report(args, registry) -> int:
    from bot import services
    from bot.config import Settings
    from bot.rasa import transcript
    from bot.report import assemble
    from bot.report.dates import parse_date
    from bot.report.render import render

    reader = registry.require_person(args.user)
    place = registry.require_municipality(args.municipality)
    masked = not args.no_mask
    assemble.check_access(registry, reader, place, masked)
    since, since_label = None, None
    if args.since:
        since = parse_date(args.since)
    elif args.since_meeting:
        since, since_label = assemble.meeting_date(registry, place, args.since_meeting), args.since_meeting
    lines = None
    if args.transcript:
        staff = {p.login: p.name for p in registry.staff(place)}
        lines = transcript.read(Settings.from_env().tracker_url, staff)
    report = assemble.assemble(registry, services.knowledge(), place, since=since, since_label=since_label,
                               masked=masked, transcript=lines)
    data = render(report, args.format)
    if args.output is None:
        if args.format in ("xlsx", "html"):
            print(f"{args.format} は --output でファイルを指定してください。", file=sys.stderr)
            return 2
        sys.stdout.write(data.decode("utf-8-sig"))
        return 0
    try:
        args.output.write_bytes(data)
    except OSError as err:
        print(f"{args.output} に書き込めませんでした（{err.strerror}）。出力先を確かめてください。", file=sys.stderr)
        return 1
    count = len(report.answers)
    print(f"{place.name}の報告書（{args.format}、回答のある問い {count} 件）を {args.output} に書き出しました。"
          + ("" if masked else "（個人情報を伏せていません。取り扱いにご注意ください）"))
    return 0
