"""The web app (aiohttp): pages, the chat API and downloads, in front of Rasa.

The browser never chooses the conversation's sender: it is the logged-in
person's login. Every POST carries the session's CSRF token; the login form its own
(bot.web.auth). Accounts, sessions and login throttling are the record's (bot.store.accounts).
Every response, redirects, 404s and static files included, carries the security headers.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Dict, List, Optional

import jinja2
from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot import messages, roles
from bot.config import Settings
from bot.inputs import MAX_MESSAGE_CHARS
from bot.knowledge.base import KnowledgeBase
from bot.report.render import FORMATS as REPORT_FORMATS
from bot.report.render import MEDIA_TYPES
from bot.rasa.payloads import replies
from bot.report.worker import ReportWorkers
from bot.review import Outcome, Review
from bot.store import Store, StoreUnavailable, accounts, audit
from bot.store.registry import Registry
from bot.web import auth
from bot.web.rasa_client import RasaClient, RasaRefused, RasaUnavailable

HERE = Path(__file__).resolve().parent
COOKIE = "banso_session"
HISTORY_TURNS = 30  # turns the chat page shows at first; older ones load on request
AUDIT_ROWS = 200  # events the admin page shows
PURGE_EVERY = 3600  # seconds between purges of ended sessions, old login failures and old turns
MAX_PENDING_LOGINS = 64  # password checks queued at once (about 10 s of work): a morning rush waits, a flood is refused
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; "
       "form-action 'self'; base-uri 'none'; object-src 'none'")
STALE_FORM = "画面が古くなっています。ページを読み込み直してから、もう一度お試しください。"
STALE_LOGIN = "ログイン画面が古くなっていたため、受け付けませんでした。お手数ですが、もう一度ログインしてください。"
BUSY_LOGIN = "ただいまログインが混み合っています。少し待ってから、もう一度お試しください。"
NOT_FOUND = "お探しのページは見つかりませんでした。アドレスをお確かめください。"
log = logging.getLogger(__name__)


class Pages:
    def __init__(self, store: Store, kb: KnowledgeBase, rasa: RasaClient, settings: Settings):
        self.store, self.kb, self.rasa = store, kb, rasa
        self.registry = Registry(store)
        self.review = Review(kb, store)
        self.reports = ReportWorkers()
        self.settings = settings
        self.secure_cookies = settings.secure_cookies
        self.login_forms = auth.LoginForms(settings.secure_cookies)
        self.pending_logins = 0
        self.templates = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                                            autoescape=True, trim_blocks=True, lstrip_blocks=True)
        from bot.report.dates import wareki, wareki_datetime

        self.templates.filters.update(wareki=wareki, wareki_datetime=wareki_datetime)
        self.templates.globals.update(may=roles.may)

    # Helpers ------------------------------------------------------------------
    def page(self, name: str, status: int = 200, **context) -> web.Response:
        html = self.templates.get_template(name).render(**context)
        return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")

    def error(self, request, status: int, message: str) -> web.Response:
        if request.path.startswith("/api/"):
            return web.json_response({"error": message}, status=status)
        return self.page("error.html", status=status, message=message, session=request.get("session"))

    # Login --------------------------------------------------------------------
    def login_page(self, request, status: int = 200, **context) -> web.Response:
        """The login form with its CSRF token, and the cookie the token is checked against."""
        nonce = self.login_forms.nonce(request)
        response = self.page("login.html", status=status, csrf=self.login_forms.token(nonce), **context)
        self.login_forms.give(response, nonce)
        return response

    async def login_form(self, request) -> web.Response:
        note = "セッションの有効期限が切れました（しばらく操作がないときも切れます）。もう一度ログインしてください。" \
            if request.query.get("expired") else None
        return self.login_page(request, note=note)

    async def login(self, request) -> web.Response:
        try:
            form = await request.post()
        except (ValueError, LookupError, AssertionError):  # bad bytes or charset, a broken multipart body
            return self.login_page(request, 400, error="送信の形式が正しくありません。ページを読み込み直してください。")
        login, password = str(form.get("login", "")).strip()[:200], str(form.get("password", ""))
        if not self.login_forms.ok(request, form.get("csrf")):  # another site's form, or one from before a restart
            return self.login_page(request, 403, error=STALE_LOGIN, login=login)
        source = auth.client_address(request, self.settings.trusted_proxies)
        wait = accounts.wait_before(self.store, login, source)  # cheap: a waiting source costs no hash
        if not wait and self.pending_logins >= MAX_PENDING_LOGINS:
            return self.login_page(request, 503, error=BUSY_LOGIN, login=login)
        try:
            if wait:
                raise accounts.LoginRefused(accounts.wait_message(wait), wait)
            self.pending_logins += 1
            try:
                token = await asyncio.get_running_loop().run_in_executor(
                    PASSWORDS, lambda: accounts.log_in(self.store, login, password, source))
            finally:
                self.pending_logins -= 1
        except accounts.LoginRefused as refused:
            response = self.login_page(request, 429 if refused.wait else 401, error=str(refused), login=login)
            if refused.wait:
                response.headers["Retry-After"] = str(int(refused.wait.total_seconds()) + 1)
            return response
        response = web.HTTPSeeOther("/")
        response.set_cookie(COOKIE, token, httponly=True, samesite="Lax", secure=self.secure_cookies,
                            max_age=int(accounts.SESSION_LIFETIME.total_seconds()), path="/")
        self.login_forms.forget(response)
        return response

    async def logout(self, request) -> web.Response:
        source = auth.client_address(request, self.settings.trusted_proxies)
        accounts.log_out(self.store, session_token(request), source)
        response = web.HTTPSeeOther("/login")
        response.del_cookie(COOKIE, path="/")
        return response

    async def home(self, request) -> web.Response:
        person = request["session"].person
        raise web.HTTPSeeOther("/dashboard" if roles.may(person.role, "dashboard") else "/chat")

    # Chat ---------------------------------------------------------------------
    async def chat(self, request) -> web.Response:
        return self.page("chat.html", session=request["session"], max_chars=MAX_MESSAGE_CHARS)

    def state(self, login: str) -> dict:
        question = None
        opened = self.review.open_question(login)
        if opened is not None:
            walk, q = opened
            question = {"id": q.id, "text": q.text, "position": self.review.position(q.id),
                        "walk": self.review.walk_name(walk.walk_key)}
        progress = [{"label": label, **counts} for label, counts in self.review.progress(login).items()]
        notes = self.review.between_visits(login)  # the next meeting today or later; none on record: null
        next_meeting = ({"event": notes["event"], "date": notes["date"], "label": notes["label"],
                         "advice": notes.get("advice")} if "event" in notes else None)
        return {"question": question, "progress": progress, "next_meeting": next_meeting}

    async def api_state(self, request) -> web.Response:
        return web.json_response(self.state(request["session"].person.login))

    async def api_history(self, request) -> web.Response:
        """The latest turns from the record (``?before=ID`` for older ones): never the whole history."""
        before = request.query.get("before")
        if before is not None and not re.fullmatch(r"[0-9]{1,18}", before):  # 「²」 is a digit to str.isdigit
            return self.error(request, 400, "履歴の指定が正しくありません。ページを読み込み直してください。")
        turns = self.store.turns(request["session"].person.login, before=int(before) if before else None,
                                 limit=HISTORY_TURNS + 1)
        more, turns = len(turns) > HISTORY_TURNS, turns[-HISTORY_TURNS:]
        lines: List[Dict] = []
        for turn in turns:
            if turn.text:
                lines.append({"from": "user", "text": turn.text})
            lines += [{"from": "bot", **reply} for reply in replies(Outcome.from_json(turn.outcome))]
        return web.json_response({"messages": lines, "before": turns[0].id if turns else None, "more": more})

    async def api_message(self, request) -> web.Response:
        person = request["session"].person
        malformed = "送信の形式が正しくありません。ページを読み込み直してください。"
        try:
            body = await request.json()
        except web.HTTPRequestEntityTooLarge:  # over 256 KB: far beyond any message, said in Japanese
            return self.error(request, 413, messages.TOO_LONG.format(limit=MAX_MESSAGE_CHARS))
        except (ValueError, LookupError, RecursionError):  # bad JSON, bytes or charset, huge numbers, deep nesting
            return self.error(request, 400, malformed)
        text = body.get("text") if isinstance(body, dict) else None
        client_id = body.get("client_id") if isinstance(body, dict) else None
        if not isinstance(text, str) or not isinstance(client_id, str) or not 0 < len(client_id) <= 100:
            return self.error(request, 400, malformed)
        # A resent turn that the bot already answered gets that answer from the record; anything
        # else goes to the bot, which also answers a racing duplicate from the record.
        done = self.store.stored_turn(person.login, f"client:{client_id}")
        if done is not None:
            answer = replies(Outcome.from_json(done.outcome))
        else:
            try:
                answer = await self.rasa.send(person.login, text, client_id)
            except RasaRefused as refused:
                return self.error(request, 403, str(refused))
            except RasaUnavailable:
                return self.error(request, 503, messages.WEB_RASA_DOWN)
        return web.json_response({"replies": answer, "state": self.state(person.login)})

    # Dashboard ------------------------------------------------------------------
    async def dashboard(self, request) -> web.Response:
        from bot.report.overview import overview

        person = request["session"].person
        rows = await off_loop(lambda: overview(self.registry, self.kb, self.registry.supported(person)))
        from bot.store.models import CYCLE_EVENTS

        return self.page("dashboard.html", session=request["session"], rows=rows, formats=REPORT_FORMATS,
                         events=CYCLE_EVENTS)  # a preparation sheet for each meeting

    async def report(self, request) -> web.Response:
        from bot.report import assemble

        person = request["session"].person
        code, fmt = request.match_info["code"], request.match_info["fmt"]
        place = self.registry.municipality(code)
        if place is None or fmt not in REPORT_FORMATS:
            return self.error(request, 404, "その報告書は見つかりません。")
        try:
            assemble.check_access(self.registry, person, place, masked=True)
        except assemble.AccessDenied as denied:
            return self.error(request, 403, str(denied))
        data = await self.reports.masked_report(self.store.url, place.code, fmt)
        self.audit(request, "report", municipality_id=place.id, detail={"format": fmt, "masked": True, "via": "web"})
        filename = f"banso-report-{place.code}.{fmt}"
        return web.Response(body=data, headers={"Content-Type": MEDIA_TYPES[fmt],
                                                "Content-Disposition": f'attachment; filename="{filename}"'})

    # Preparation sheets (bot.report.prepare) -----------------------------------------
    def _sheet_target(self, request):
        """(municipality, event) of a /prepare URL, or the Japanese refusal: 404 unknown, 403 not theirs."""
        from bot.report import assemble, prepare

        place = self.registry.municipality(request.match_info["code"])
        if place is None:
            return None, self.error(request, 404, "その準備シートは見つかりません。市町村の一覧から開き直してください。")
        try:
            assemble.check_access(self.registry, request["session"].person, place, masked=True)
            return (place, prepare.resolve_meeting(request.match_info["meeting"])), None
        except assemble.AccessDenied as denied:
            return None, self.error(request, 403, str(denied))
        except prepare.UnknownMeeting as unknown:
            return None, self.error(request, 404, str(unknown))

    async def prepare(self, request) -> web.Response:
        """The sheet for a municipality's meeting: a page with ticks (html), or a download (md, xlsx)."""
        from markupsafe import Markup

        from bot.report import prepare, prepare_render

        fmt = request.match_info["fmt"]
        if fmt not in prepare_render.FORMATS:
            return self.error(request, 404, "その準備シートは見つかりません。html・md・xlsx のどれかで開いてください。")
        target, refusal = self._sheet_target(request)
        if refusal is not None:
            return refusal
        place, event = target
        # Masking what the action server has not masked yet would load GiNZA here: the report process does it.
        if not await off_loop(lambda: prepare.masked_ahead(self.registry, place)):
            await self.reports.masked_report(self.store.url, place.code, "json")
        sheet = await off_loop(lambda: prepare.build(self.registry, self.kb, place, event))
        self.audit(request, "prepare", municipality_id=place.id,
                   detail={"kind": "prepare", "meeting": event, "format": fmt, "masked": True, "via": "web"})
        if fmt != "html":
            data = await off_loop(lambda: prepare_render.render(sheet, fmt))
            return web.Response(body=data, headers={
                "Content-Type": prepare_render.MEDIA_TYPES[fmt],
                "Content-Disposition": f'attachment; filename="{prepare_render.filename(sheet, fmt)}"'})
        person = request["session"].person
        form = sheet.visit_id is not None and roles.may(person.role, "dashboard")  # ticks: the support team's
        return self.page("prepare.html", session=request["session"], sheet=sheet, form=form,
                         base=_sheet_path(place.code, event), saved=request.query.get("saved"),
                         css=Markup(prepare_render.CSS), body=Markup(prepare_render.html_body(sheet, form=form)))

    async def prepare_ticks(self, request) -> web.Response:
        """Keep the prompts ticked on a sheet for its meeting; prompts the sheet did not show keep theirs."""
        from bot.report import prepare

        target, refusal = self._sheet_target(request)
        if refusal is not None:
            return refusal
        place, event = target
        try:
            form = await request.post()
        except (ValueError, LookupError, AssertionError):  # bad bytes or charset, a broken multipart body
            return self.error(request, 400, "送信の形式が正しくありません。ページを読み込み直してください。")
        sent = str(form.get("visit", ""))
        visit_id = int(sent) if re.fullmatch(r"[0-9]{1,18}", sent) else None
        visit = await off_loop(lambda: prepare.meeting_visit(self.registry, place, event, visit_id))
        back = _sheet_path(place.code, event) + ".html"
        if visit is None:  # no date on record (or no longer): nothing can be kept, and the page says so
            raise web.HTTPSeeOther(back + "?saved=nodate")
        shown = [str(v)[:255] for v in form.getall("shown", [])][:2000]
        ticked = [str(v)[:255] for v in form.getall("prompt", [])][:2000]
        person = request["session"].person
        await off_loop(lambda: prepare.save_ticks(self.registry, self.kb, place, visit, shown, ticked, person))
        raise web.HTTPSeeOther(back + "?saved=1")

    # Comments between visits (bot.store.comments) -----------------------------------------
    async def answers_page(self, request, status: int = 200, error: Optional[str] = None,
                           kept: Optional[Dict[int, str]] = None) -> web.Response:
        """A municipality's latest answers, masked as in the report, each with its comments and a form."""
        from bot.report import assemble
        from bot.report.mask_cache import all_cached, mask_cached
        from bot.store import comments, summaries

        person = request["session"].person
        place = self.registry.municipality(request.match_info["code"])
        if place is None:
            return self.error(request, 404, "その市町村は見つかりませんでした。担当の市町村の一覧から開き直してください。")
        try:
            assemble.check_access(self.registry, person, place, masked=True)
        except assemble.AccessDenied as denied:
            return self.error(request, 403, str(denied))

        def read():
            with self.store.session() as session:
                rows = list(session.execute(summaries.answers_of(place.id)).scalars())
            by_question: Dict[str, list] = {}
            for row in rows:
                by_question.setdefault(row.question_id, []).append(row)
            notes = comments.for_answers(self.store, [r.id for r in rows])
            return by_question, notes

        by_question, notes = await off_loop(read)
        entries = []
        for question in self.kb.questions():
            versions = by_question.get(question.id)
            if not versions:
                continue
            own = [v for v in versions if not v.reply_to_followup] or versions
            current = own[-1]
            supplement = [v for v in versions if v.reply_to_followup and v.id > current.id]
            thread = [n for v in versions for n in notes.get(v.id, [])]
            entries.append({"question": question, "parent": assemble.parent_label(self.kb.parent_of(question.id)),
                            "answer": current, "supplement": supplement[-1] if supplement else None,
                            "notes": sorted(thread, key=lambda n: n.id)})
        texts = [t for e in entries for t in ([e["answer"].text] + ([e["supplement"].text] if e["supplement"] else [])
                                              + [n.text for n in e["notes"]])]
        if not await off_loop(lambda: all_cached(self.store, texts)):  # GiNZA: the report process masks them
            await self.reports.masked_report(self.store.url, place.code, "json")
        masked = dict(zip(texts, await off_loop(lambda: mask_cached(self.store, texts))))
        return self.page("answers.html", status=status, session=request["session"], place=place, entries=entries,
                         masked=masked, error=error, kept=kept or {}, saved=request.query.get("saved"),
                         max_chars=comments.MAX_CHARS)

    async def answer_comment(self, request) -> web.Response:
        """A support-team member's comment on one answer; on a refusal the page again, with the words kept."""
        from bot.store import comments

        person = request["session"].person
        code = request.match_info["code"]
        try:
            form = await request.post()
        except (ValueError, LookupError, AssertionError):  # bad bytes or charset, a broken multipart body
            return self.error(request, 400, "送信の形式が正しくありません。ページを読み込み直してください。")
        text, answer_id = str(form.get("text", "")), int(request.match_info["answer_id"])
        place = self.registry.municipality(code)
        if place is None:
            return self.error(request, 404, "その市町村は見つかりませんでした。担当の市町村の一覧から開き直してください。")
        source = auth.client_address(request, self.settings.trusted_proxies)
        try:
            with self.store.session() as session:
                from bot.store.models import Answer

                answer = session.get(Answer, answer_id)
                belongs = answer is not None and comments.answer_place(session, answer) == place.id
            if not belongs:
                if not self.registry.may_read(person, place):
                    raise comments.CommentError(roles.not_yours(person.name, person.role, place.name), 403)
                raise comments.CommentError(comments.NO_ANSWER, 404)
            await off_loop(lambda: comments.add(self.store, person, answer_id, text, source=source))
        except comments.CommentError as refused:
            if refused.status == 403:
                return self.error(request, 403, str(refused))
            return await self.answers_page(request, status=refused.status, error=str(refused),
                                           kept={answer_id: text[:comments.MAX_CHARS * 2]})
        raise web.HTTPSeeOther(f"/answers/{place.code}?saved=1#a-{answer_id}")

    def _unread(self, person) -> List[dict]:
        """The staff member's unread comments, each with their own answer (unmasked: their own words) and question."""
        from bot.report.dates import wareki_datetime
        from bot.store import comments

        out = []
        for item in comments.unread_for(self.store, person):
            question = self.kb.question(item.question_id)
            out.append({"id": item.comment.id, "text": item.comment.text, "author": item.comment.author,
                        "role": roles.label(item.comment.role), "at": wareki_datetime(item.comment.created_at),
                        "answer": {"id": item.answer_id, "text": item.answer_text, "question_id": item.question_id,
                                   "question": question.text if question else "",
                                   "position": self.review.position(question.id) if question else ""},
                        "replies": [{"id": r.id, "text": r.text, "at": wareki_datetime(r.created_at)}
                                    for r in item.replies]})
        return out

    async def api_comments(self, request) -> web.Response:
        person = request["session"].person
        return web.json_response({"comments": await off_loop(lambda: self._unread(person))})

    async def api_comment_reply(self, request) -> web.Response:
        from bot.store import comments

        person = request["session"].person
        try:
            body = await request.json()
        except web.HTTPRequestEntityTooLarge:
            return self.error(request, 413, comments.TOO_LONG)
        except (ValueError, LookupError, RecursionError):
            return self.error(request, 400, "送信の形式が正しくありません。ページを読み込み直してください。")
        text = body.get("text") if isinstance(body, dict) else None
        source = auth.client_address(request, self.settings.trusted_proxies)
        try:
            kept = await off_loop(lambda: comments.reply(self.store, person, int(request.match_info["id"]), text,
                                                         source=source))
        except comments.CommentError as refused:
            return self.error(request, refused.status, str(refused))
        return web.json_response({"reply": {"id": kept.id, "text": kept.text},
                                  "comments": await off_loop(lambda: self._unread(person))})

    async def api_comment_read(self, request) -> web.Response:
        from bot.store import comments

        person = request["session"].person
        try:
            await off_loop(lambda: comments.mark_read(self.store, person, int(request.match_info["id"])))
        except comments.CommentError as refused:
            return self.error(request, refused.status, str(refused))
        return web.json_response({"comments": await off_loop(lambda: self._unread(person))})

    async def knowledge(self, request) -> web.Response:
        from bot.knowledge.search import searcher

        query = request.query.get("q", "").strip()[:200]
        hits = await off_loop(lambda: searcher().search(query, limit=10)) if query else []
        return self.page("knowledge.html", session=request["session"], query=query, hits=hits, kb=self.kb)

    async def prompts(self, request) -> web.Response:
        from bot.knowledge.prompt_sheet import PromptSheetError, render

        target = request.query.get("theme"), request.query.get("step")
        try:
            html = await off_loop(lambda: render(self.kb, theme=target[0], step=target[1], fmt="html"))
        except PromptSheetError as err:
            return self.error(request, 404, str(err))
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    async def audit_trail(self, request) -> web.Response:
        """The audit trail, newest first, for admins (its reading is itself recorded)."""
        actor = request.query.get("actor", "").strip()[:100] or None
        action = request.query.get("action") if request.query.get("action") in audit.ACTIONS else None
        with self.store.session() as session:
            events = audit.events(session, actor=actor, action=action, limit=AUDIT_ROWS)
        self.audit(request, "audit_read", detail={k: v for k, v in (("actor", actor), ("action", action)) if v})
        return self.page("audit.html", session=request["session"], events=events, actions=audit.ACTIONS,
                         actor=actor, action=action, limit=AUDIT_ROWS)

    def audit(self, request, action: str, **fields) -> None:
        """One audit event by the logged-in person, from this client's address."""
        try:
            with self.store.session() as session, session.begin():
                audit.record(session, action, actor=request["session"].person.login,
                             source=auth.client_address(request, self.settings.trusted_proxies), **fields)
        except SQLAlchemyError as err:  # nothing leaves unrecorded: the caller's download is refused
            raise StoreUnavailable(str(err)) from err

    async def health(self, request) -> web.Response:
        return web.json_response({"ok": True})


PUBLIC = {"/login", "/healthz"}


# Two at a time: more would only share the same cores, and hold the GIL longer against the chat.
SLOW_WORK = ThreadPoolExecutor(max_workers=2, thread_name_prefix="banso-slow")
# Password checks (argon2: tens of ms and 64 MB each), off the event loop, two at a time.
PASSWORDS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="banso-password")


async def off_loop(work):
    """Run slow work (the dashboard's overview, search, sheets) in a worker thread: every chat keeps being served.

    Reports go further, to a process of their own (bot.report.worker): they would hold the GIL for seconds.
    """
    return await asyncio.get_running_loop().run_in_executor(SLOW_WORK, work)


def routes(pages: Pages) -> List[tuple]:
    """Every route, with the action of bot.roles it needs (None: anyone logged in, or public: PUBLIC).

    The middleware refuses a role the action does not allow before any handler runs, so a route
    cannot forget its rule; tests/integration/test_access_matrix.py tries each one for every role.
    """
    return [
        ("GET", "/login", pages.login_form, None),
        ("POST", "/login", pages.login, None),
        ("POST", "/logout", pages.logout, None),
        ("GET", "/", pages.home, None),
        ("GET", "/chat", pages.chat, "chat"),
        ("GET", "/api/state", pages.api_state, "chat"),
        ("GET", "/api/history", pages.api_history, "chat"),
        ("POST", "/api/message", pages.api_message, "chat"),
        ("GET", "/dashboard", pages.dashboard, "dashboard"),
        # Comments between visits: the support team's page of a municipality's answers (and the municipality:
        # the handler), and the staff's unread comments and replies in the chat (bot.store.comments).
        ("GET", r"/answers/{code:\d{6}}", pages.answers_page, "dashboard"),
        ("POST", r"/answers/{code:\d{6}}/{answer_id:\d{1,18}}/comments", pages.answer_comment, "dashboard"),
        ("GET", "/api/comments", pages.api_comments, "chat"),
        ("POST", r"/api/comments/{id:\d{1,18}}/reply", pages.api_comment_reply, "chat"),
        ("POST", r"/api/comments/{id:\d{1,18}}/read", pages.api_comment_read, "chat"),
        ("GET", r"/reports/{code:\d{6}}.{fmt:[a-z]+}", pages.report, "report"),  # and the municipality: assemble
        # A preparation sheet (and the municipality: assemble); ticking prompts is the support team's.
        ("GET", r"/prepare/{code:\d{6}}/{meeting:[^{}/]+}.{fmt:[a-z]+}", pages.prepare, "report"),
        ("POST", r"/prepare/{code:\d{6}}/{meeting:[^{}/]+}/ticks", pages.prepare_ticks, "dashboard"),
        ("GET", "/knowledge", pages.knowledge, "knowledge"),
        ("GET", "/prompts", pages.prompts, "knowledge"),
        ("GET", "/admin/audit", pages.audit_trail, "audit"),
        ("GET", "/healthz", pages.health, None),
        ("GET", "/api/openapi.json", openapi_description, None),
    ]


def create_app(store: Store, kb: KnowledgeBase, rasa: RasaClient, secure_cookies: Optional[bool] = None,
               settings: Optional[Settings] = None) -> web.Application:
    settings = settings or Settings.from_env()
    if secure_cookies is not None:
        settings = replace(settings, secure_cookies=secure_cookies)
    pages = Pages(store, kb, rasa, settings)

    @web.middleware
    async def session_and_errors(request, handler):
        if request.path in PUBLIC or request.path.startswith("/static/"):
            return await _guarded(request, handler, pages)
        token = session_token(request)
        try:
            session = accounts.current(store, token, idle=settings.idle_timeout)
            expired = session is None and accounts.expired(store, token, idle=settings.idle_timeout)
        except (SQLAlchemyError, StoreUnavailable):  # the record cannot be read: the same Japanese answer as anywhere
            return pages.error(request, 503, messages.STORE_UNAVAILABLE)
        if session is None:
            if request.path.startswith("/api/"):
                return web.json_response({"error": "ログインの有効期限が切れました。ページを読み込み直して、もう一度ログインしてください。",
                                          "login": True}, status=401)
            raise web.HTTPSeeOther("/login?expired=1" if expired else "/login")
        request["session"] = session
        resource = request.match_info.route.resource
        action = route_actions.get((request.method, resource.canonical if resource is not None else None))
        if action is not None and not roles.may(session.person.role, action):
            return pages.error(request, 403, roles.REFUSALS.get(action, roles.FORBIDDEN))
        if request.method == "POST":
            sent = request.headers.get("X-CSRF-Token")
            if sent is None and request.content_type == "application/x-www-form-urlencoded":
                sent = (await request.post()).get("csrf")
            if not accounts.csrf_ok(session, sent):
                return pages.error(request, 403, STALE_FORM)
        return await _guarded(request, handler, pages)

    async def security_headers(request, response) -> None:
        """On every response as it is sent: returned or raised (redirects, 404s), pages, API and static files."""
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        if settings.secure_cookies:  # served over TLS only: browsers should never try plain HTTP again
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if not request.path.startswith("/static/"):  # pages, the API and reports carry personal data
            headers.setdefault("Cache-Control", "no-store")

    app = web.Application(middlewares=[session_and_errors], client_max_size=256 * 1024)
    app.on_response_prepare.append(security_headers)
    route_actions = {}  # (method, canonical path) → the action of bot.roles it needs
    for method, path, handler, action in routes(pages):
        route_actions[(method, app.router.add_route(method, path, handler).resource.canonical)] = action
    app.router.add_static("/static/", HERE / "static")

    purging: List[asyncio.Task] = []

    async def start_purging(_app) -> None:
        purging.append(asyncio.create_task(_purge_hourly(store, settings)))

    async def stop_purging(_app) -> None:
        for task in purging:
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass

    async def stop_report_workers(_app) -> None:
        pages.reports.close()

    app.on_startup.append(start_purging)
    app.on_cleanup.append(stop_purging)
    app.on_cleanup.append(stop_report_workers)
    return app


async def _purge_hourly(store: Store, settings: Settings) -> None:
    """At start-up and every hour: ended sessions, login failures older than a day, turns past their retention."""
    while True:
        try:
            purged = await off_loop(lambda: accounts.purge(store, idle=settings.idle_timeout,
                                                           turn_retention=settings.turn_retention))
            log.info("purged %d sessions, %d login failures, %d turns", purged.sessions, purged.failures, purged.turns)
        except (StoreUnavailable, SQLAlchemyError) as err:  # the next hour tries again
            log.warning("purge failed: %s", err)
        await asyncio.sleep(PURGE_EVERY)


async def _guarded(request, handler, pages: Pages):
    """Every failure becomes a Japanese page or JSON message; nothing escapes as a traceback."""
    try:
        return await handler(request)
    except web.HTTPNotFound:  # aiohttp's own is English text: a Japanese page (or JSON) instead
        return pages.error(request, 404, NOT_FOUND)
    except web.HTTPException:
        raise
    except StoreUnavailable:
        return pages.error(request, 503, messages.STORE_UNAVAILABLE)
    except Exception:  # noqa: BLE001 - the user must always get an answer
        log.exception("request failed: %s", request.path)
        return pages.error(request, 500, "申し訳ありません。処理中に問題が起きました。少し待ってからもう一度お試しください。")


async def openapi_description(request) -> web.Response:
    """The JSON API's OpenAPI description: bot/web/openapi.yaml, kept as data and served as JSON."""
    import yaml

    description = yaml.safe_load((HERE / "openapi.yaml").read_text(encoding="utf-8"))
    return web.json_response(description, dumps=lambda data: json.dumps(data, ensure_ascii=False))


def _sheet_path(code: str, event: str) -> str:
    """/prepare/063240/1.5mtg: the event percent-encoded (1回目支援), for links and redirects."""
    from urllib.parse import quote

    return f"/prepare/{code}/{quote(event, safe='')}"


def session_token(request) -> str | None:
    """The session cookie (read on its own: see bot.web.auth.read_cookie)."""
    return auth.read_cookie(request, COOKIE)
