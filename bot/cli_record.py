"""``banso municipality|user|visit|report|disclose|delete|audit``: the system of record from the command line.

Commands that read personal data (report, disclose, audit) or change accounts (user add, password,
disable, enable; delete) act for a person who names themselves with ``--as`` and gives their
password; the rule, and its one bootstrap exception for the first admin, is in ``bot.cli_auth``.
Each of them writes an audit event (source "cli"): report exports, account changes, disclosures,
deletions and readings of the trail.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import Optional

from bot import cli_auth
from bot.report.render import FORMATS as REPORT_FORMATS
from bot.store.audit import ACTIONS as AUDIT_ACTIONS
from bot.store.models import CYCLE_EVENTS, ROLES

ACTING = ("report", "prepare", "disclose", "delete", "audit")  # commands that always act for a person (bot.cli_auth)


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
    user = commands.add_parser("user", help="利用者の登録と一覧", description=cli_auth.RULE)
    u_commands = user.add_subparsers(dest="record_command", metavar="操作")
    u_add = u_commands.add_parser("add", help="利用者を登録します（管理者が --as で。最初の管理者だけは --as なしで作れます）",
                                  description=cli_auth.RULE)
    u_add.add_argument("--login", required=True, help="ログイン名（会話の送信者 id にもなります。例: yamada）")
    u_add.add_argument("--name", required=True, help="氏名（例: 山田花子）")
    u_add.add_argument("--role", required=True, choices=ROLES,
                       help="staff（市町村職員）, adviser, prefecture, bureau, admin")
    u_add.add_argument("--municipality", action="append", default=[],
                       help="staff は所属の市町村、支援チームは担当の市町村（複数可）")
    cli_auth.add_arguments(u_add)
    u_commands.add_parser("list", help="登録済みの利用者")
    for verb, text in (("disable", "利用を止めます（ログインもボットとの会話もできなくなります。記録は残ります）"),
                       ("enable", "止めた利用を再開します")):
        toggle = u_commands.add_parser(verb, help=text + "（管理者が --as で）", description=cli_auth.RULE)
        toggle.add_argument("--login", required=True)
        cli_auth.add_arguments(toggle)
    u_password = u_commands.add_parser("password", help="ブラウザでログインするためのパスワードを設定します（管理者が --as で）",
                                       description=cli_auth.RULE)
    u_password.add_argument("--login", required=True)
    cli_auth.add_arguments(u_password, password_stdin=False)
    u_password.add_argument("--password-stdin", action="store_true",
                            help=cli_auth.STDIN_HELP)

    visit = commands.add_parser("visit", help="支援の流れ（顔合わせ〜報告会）の日付")
    v_commands = visit.add_subparsers(dest="record_command", metavar="操作")
    v_add = v_commands.add_parser("add", help="日付を登録します")
    v_add.add_argument("--municipality", required=True)
    v_add.add_argument("--event", required=True, help="、".join(CYCLE_EVENTS))
    v_add.add_argument("--date", required=True, help="令和6年7月1日、R6.7.1、2024/7/1 など")
    v_add.add_argument("--note", help="メモ（任意）")
    v_list = v_commands.add_parser("list", help="登録済みの日付")
    v_list.add_argument("--municipality", required=True)

    report = commands.add_parser("report", help=".5 ミーティング用の報告書を作ります（--as の人のパスワードで）",
                                 description=cli_auth.RULE)
    report.add_argument("--municipality", required=True)
    cli_auth.add_arguments(report, alias="--user")
    since = report.add_mutually_exclusive_group()
    since.add_argument("--since", help="この日以降の変化を示します（令和6年7月1日、R6.7.1、2024/7/1 など）")
    since.add_argument("--since-meeting", choices=CYCLE_EVENTS, help="この会の日付以降の変化を示します（例: 1.5mtg）")
    report.add_argument("--format", choices=REPORT_FORMATS, default="md")
    report.add_argument("--output", type=Path, help="出力先ファイル（md・json・csv は省略すると画面に出します）")
    report.add_argument("--transcript", action="store_true", help="会話の記録を付録に付けます（Rasa を読み込むので遅くなります）")
    report.add_argument("--no-mask", action="store_true", help="個人情報を伏せません（管理者のみ）")

    prepare = commands.add_parser("prepare", help="一つの市町村の、次の会（例: 1.5mtg）に向けた準備シートを作ります（--as の人のパスワードで）",
                                  description=cli_auth.RULE)
    prepare.add_argument("--municipality", required=True, help="市町村名または団体コード")
    prepare.add_argument("--meeting", required=True, help="、".join(CYCLE_EVENTS))
    prepare.add_argument("--format", choices=("html", "md", "xlsx"), default="md")
    prepare.add_argument("--output", type=Path, help="出力先ファイル（md は省略すると画面に出します）")
    cli_auth.add_arguments(prepare)

    for name, text in (("disclose", "ひとりの人、または一つの市町村について保存しているものを、すべて JSON に書き出します（管理者）"),
                       ("delete", "ひとりの人、または一つの市町村について保存しているものを、すべて削除します（管理者。元に戻せません）")):
        command = commands.add_parser(name, help=text, description=cli_auth.RULE)
        target = command.add_mutually_exclusive_group()
        target.add_argument("--person", metavar="LOGIN", help="その人のログイン名")
        target.add_argument("--municipality", help="市町村名または団体コード（その市町村の職員の記録も含みます）")
        if name == "disclose":
            command.add_argument("--output", type=Path, help="書き出す JSON ファイル（本人だけが読めるファイルになります）")
        else:
            command.add_argument("--yes", action="store_true", help="確認を尋ねずに削除します（スクリプト用）")
        cli_auth.add_arguments(command)

    trail = commands.add_parser("audit", help="操作の記録（ログイン・書き出し・利用者の変更・削除）を新しい順に見ます（管理者）",
                                description=cli_auth.RULE)
    trail.add_argument("--actor", metavar="LOGIN", help="この人の操作だけ")
    trail.add_argument("--action", choices=list(AUDIT_ACTIONS), help="この種類の操作だけ")
    trail.add_argument("--municipality", help="この市町村についての操作だけ（市町村名または団体コード）")
    trail.add_argument("--since", help="この日以降（令和6年7月1日、R6.7.1、2024/7/1 など。日本時間）")
    trail.add_argument("--limit", type=int, default=100, help="表示する件数（既定: 100）")
    trail.add_argument("--json", action="store_true", help="JSON で出力します")
    cli_auth.add_arguments(trail)


def run(args: argparse.Namespace, parsers: dict) -> Optional[int]:
    """The exit code, or None when the command is not one of ours."""
    if args.command in ("backup", "restore"):
        return _backup_or_restore(args)
    if args.command not in ("municipality", "user", "visit", *ACTING):
        return None
    from bot import services
    from bot.report.dates import DateError
    from bot.store import StoreUnavailable
    from bot.store.registry import Registry, RegistryError

    try:
        registry = Registry(services.store())
        if args.command in ACTING:
            return {"report": _report, "prepare": _prepare, "disclose": _disclose, "delete": _delete, "audit": _audit}[args.command](
                args, registry)
        if getattr(args, "record_command", None) is None:
            parsers[args.command].print_help()
            return 2
        return {"municipality": _municipality, "user": _user, "visit": _visit}[args.command](args, registry)
    except (RegistryError, DateError, cli_auth.Refused) as err:
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
    if args.record_command != "list":
        target = registry.person(args.login)
        bootstrap = (args.role == "admin" if args.record_command == "add"
                     else args.record_command == "password" and target is not None and target.role == "admin")
        actor = _authenticate(args, registry, "accounts", bootstrap)
    if args.record_command == "password":
        code = _password(args, registry)
        if code == 0:
            _audit_event(registry, actor, "account_password", target=registry.require_person(args.login).login)
        return code
    if args.record_command in ("disable", "enable"):
        if args.record_command == "disable" and target is not None and target.login == actor.login:
            raise cli_auth.Refused("ご自分の利用は止められません。ほかの管理者に頼んでください。")
        person = registry.set_active(args.login, args.record_command == "enable")
        _audit_event(registry, actor, "account_active", target=person.login, municipality_id=person.municipality_id,
                     detail={"active": person.active})
        state = "再開しました" if person.active else "止めました（記録は残っています）"
        print(f"{person.name}さん（{person.login}）の利用を{state}。")
        return 0
    if args.record_command == "add":
        person = registry.add_person(args.login, args.name, args.role, args.municipality)
        supported = registry.supported(person)
        _audit_event(registry, actor, "account_add", target=person.login, municipality_id=person.municipality_id,
                     detail={"role": person.role, "municipality_ids": [m.id for m in supported]
                             if person.role != "admin" else "all"})
        places = "、".join(m.name for m in supported) if person.role != "admin" else "すべて"
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

    from bot.store import accounts

    person = registry.require_person(args.login)
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"{person.name}さんの新しいパスワード（{accounts.MIN_PASSWORD} 文字以上）: ")
        if getpass.getpass("もう一度入力してください: ") != password:
            print("2 回の入力が一致しませんでした。もう一度お試しください。", file=sys.stderr)
            return 1
    accounts.set_password(registry.store, person.login, password)
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

    if args.output is None and args.format in ("xlsx", "html"):
        print(f"{args.format} は --output でファイルを指定してください。", file=sys.stderr)
        return 2
    actor = _authenticate(args, registry, "report")
    masked = not args.no_mask
    if not masked:
        _require(actor, "report_unmasked")
    place = registry.require_municipality(args.municipality)
    assemble.check_access(registry, actor.person, place, masked)
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
    count = len(report.answers)
    detail = {"format": args.format, "masked": masked, "output": "file" if args.output else "screen",
              "answers": count, "transcript": bool(args.transcript), "since": since.isoformat() if since else None}

    if not _deliver_audited(registry, actor, "report", args.output, data, "utf-8-sig",
                            municipality_id=place.id, detail=detail):
        return 1
    if args.output is not None:
        print(f"{place.name}の報告書（{args.format}、回答のある問い {count} 件）を {args.output} に書き出しました。"
              + ("" if masked else "（個人情報を伏せていません。取り扱いにご注意ください）"))
    return 0


def _deliver_audited(registry, actor, action: str, output, data: bytes, encoding: str, **audit_fields) -> bool:
    """The output to the screen (text formats) or a private file (0600), with its audit event.

    False, said on stderr, when the file cannot be written.
    """
    def deliver() -> None:
        if output is None:
            sys.stdout.write(data.decode(encoding))
        else:
            from bot.store.backup import write_private

            write_private(output, data)

    try:
        _with_audit(registry, actor, action, deliver, output=output, **audit_fields)
    except OSError as err:
        print(f"{output} に書き込めませんでした（{err.strerror}）。出力先を確かめてください。", file=sys.stderr)
        return False
    return True


def _prepare(args, registry) -> int:
    from bot import services
    from bot.report import assemble, prepare, prepare_render

    if args.output is None and args.format != "md":
        print(f"{args.format} は --output でファイルを指定してください。", file=sys.stderr)
        return 2
    event = prepare.resolve_meeting(args.meeting)  # a mistyped meeting is said before the password is asked
    actor = _authenticate(args, registry, "report")
    place = registry.require_municipality(args.municipality)
    assemble.check_access(registry, actor.person, place, masked=True)
    sheet = prepare.build(registry, services.knowledge(), place, event)
    data = prepare_render.render(sheet, args.format)
    detail = {"kind": "prepare", "meeting": event, "on": sheet.on.isoformat() if sheet.on else None,
              "format": args.format, "masked": True, "output": "file" if args.output else "screen",
              "items": len(sheet.items)}

    if not _deliver_audited(registry, actor, "prepare", args.output, data, "utf-8",
                            municipality_id=place.id, detail=detail):
        return 1
    if args.output is not None:
        print(f"{place.name}の{sheet.meeting_label}の準備シート（{args.format}、{len(sheet.items)} 項目）を "
              f"{args.output} に書き出しました。")
        for note in sheet.notes:  # no date, past, no answers: said here too, not only inside the file
            print(note)
    return 0


def _disclose(args, registry) -> int:
    import json

    from bot.store import StoreUnavailable, disclosure
    from bot.store.backup import write_private

    person, municipality = _one_target(args, "disclose")
    if args.output is None:
        raise cli_auth.Refused("書き出す先を --output で指定してください（例: --output 開示.json）。")
    actor = _authenticate(args, registry, "disclose")
    written = []

    def deliver(data: dict) -> None:
        write_private(args.output, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
        written.append(args.output)

    try:
        if person:
            data = disclosure.export_person(registry.store, person, actor=actor.login, source=cli_auth.SOURCE,
                                            deliver=deliver)
            label = _person_label(data.get("person"), data["login"])
        else:
            data = disclosure.export_municipality(registry.store, municipality, actor=actor.login,
                                                  source=cli_auth.SOURCE, deliver=deliver)
            label = data["municipality"]["name"]
    except OSError as err:
        print(f"{args.output} に書き込めませんでした（{err.strerror}）。出力先を確かめてください。", file=sys.stderr)
        return 1
    except StoreUnavailable:
        for path in written:  # the trail could not say so: no file either
            path.unlink(missing_ok=True)
        raise
    counts = data["counts"]
    print(f"{label}について保存している記録を {args.output} に書き出しました"
          f"（回答 {counts.get('answers', 0)} 件、会話の記録 {counts.get('tracker_events', 0)} 件）。"
          "個人情報を含みます。取り扱いにご注意ください。")
    return 0


def _delete(args, registry) -> int:
    from bot.normalize import normalize
    from bot.store import disclosure

    person, municipality = _one_target(args, "delete")
    actor = _authenticate(args, registry, "delete")
    if person:
        login = normalize(person)
        if login == actor.login:
            raise cli_auth.Refused("ご自分の記録は削除できません。ほかの管理者に頼んでください。")
        found = registry.person(login)
        label = _person_label({"name": found.name} if found else None, login)
        what = "回答・会話の記録・進み具合・ログインの記録"
    else:
        place = registry.require_municipality(municipality)
        staff = registry.staff(place)
        if any(p.login == actor.login for p in staff):
            raise cli_auth.Refused("ご自分が所属する市町村は削除できません。ほかの管理者に頼んでください。")
        label = place.name
        what = f"職員 {len(staff)} 人の回答・会話の記録・ログインの記録、支援の日付、集計"
    if not args.yes:
        print(f"{label}について保存している記録（{what}）をすべて削除します。元に戻せません。")
        try:
            answer = input("削除してよろしければ「はい」と入力してください: ")
        except EOFError:
            answer = ""
        if normalize(answer).strip().lower() not in ("はい", "yes", "y"):
            print("削除を取りやめました。何も変わっていません。")
            return 1
    if person:
        counts = disclosure.delete_person(registry.store, person, actor=actor.login, source=cli_auth.SOURCE)
    else:
        counts = disclosure.delete_municipality(registry.store, municipality, actor=actor.login,
                                                source=cli_auth.SOURCE)
    print(f"{label}の記録を削除しました（回答 {counts.get('answers', 0)} 件、会話の記録 {counts.get('tracker_events', 0)} 件、"
          f"進み具合とターン {counts.get('walks', 0) + counts.get('places', 0) + counts.get('turns', 0)} 件）。")
    print("操作の記録には、名前の代わりに「削除済み-…」と残ります。これより前のバックアップや書き出したファイルには"
          "残っていますので、必要に応じて削除してください。")
    return 0


def _audit(args, registry) -> int:
    import json
    from datetime import datetime, time, timedelta

    from bot.report.dates import parse_date, wareki_datetime
    from bot.store import audit

    actor = _authenticate(args, registry, "audit")
    since = None
    if args.since:
        since = datetime.combine(parse_date(args.since), time.min) - timedelta(hours=9)  # the day begins in Japan
    place = registry.require_municipality(args.municipality) if args.municipality else None
    limit = min(max(args.limit, 1), 10000)
    filters = {"actor": args.actor, "action": args.action, "municipality_id": place.id if place else None,
               "since": args.since, "limit": limit}
    with registry.store.session() as session, session.begin():
        events = audit.events(session, actor=args.actor, action=args.action,
                              municipality_id=place.id if place else None, since=since, limit=limit)
        actor.audit(session, "audit_read", municipality_id=place.id if place else None,
                    detail={"filters": {k: v for k, v in filters.items() if v is not None}, "events": len(events)})
    if args.json:
        print(json.dumps([{"at": e.at.isoformat(timespec="seconds") + "Z", "actor": e.actor, "action": e.action,
                           "label": e.label, "municipality": e.municipality, "target": e.target,
                           "detail": e.detail, "source": e.source} for e in events], ensure_ascii=False, indent=2))
        return 0
    if not events:
        print("条件に合う操作の記録はありません。")
    for e in events:
        detail = json.dumps(e.detail, ensure_ascii=False, sort_keys=True) if e.detail else ""
        print("\t".join([wareki_datetime(e.at), e.actor or "（ログインなし）", e.label, e.municipality or "",
                         e.target or "", detail, e.source or ""]))
    return 0


# Acting for a person (bot.cli_auth) and the audit trail -------------------------------------
def _authenticate(args, registry, action: str, bootstrap: bool = False) -> "cli_auth.Actor":
    return cli_auth.authenticate(args, registry.store, action, bootstrap_allowed=bootstrap)


def _require(actor, action: str) -> None:
    from bot import roles

    try:
        roles.require(actor.person.role, action)
    except roles.Forbidden as refused:
        raise cli_auth.Refused(str(refused)) from None


def _audit_event(registry, actor, action: str, **kwargs) -> None:
    from bot.store import StoreUnavailable
    from sqlalchemy.exc import DBAPIError, OperationalError

    try:
        with registry.store.session() as session, session.begin():
            actor.audit(session, action, **kwargs)
    except (OperationalError, DBAPIError) as err:
        raise StoreUnavailable(str(err)) from err


def _with_audit(registry, actor, action: str, deliver, output=None, **kwargs) -> None:
    """The audit event and the delivery together: a file that the trail cannot mention is removed."""
    from bot.store import StoreUnavailable
    from sqlalchemy.exc import DBAPIError, OperationalError

    delivered = False
    try:
        with registry.store.session() as session, session.begin():
            actor.audit(session, action, **kwargs)
            session.flush()
            deliver()
            delivered = True
    except (OperationalError, DBAPIError) as err:
        if delivered and output is not None:
            Path(output).unlink(missing_ok=True)
        raise StoreUnavailable(str(err)) from err


def _one_target(args, command: str):
    if not args.person and not args.municipality:
        raise cli_auth.Refused(f"--person（ログイン名）か --municipality（市町村名）のどちらかを指定してください。"
                               f"例: banso {command} --person yamada --as admin")
    return args.person, args.municipality


def _person_label(person: Optional[dict], login: str) -> str:
    return f"{person['name']}さん（{login}）" if person else f"ログイン名「{login}」"
