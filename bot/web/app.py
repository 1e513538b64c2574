"""The web app (aiohttp): pages, the chat API and downloads, in front of Rasa.

The browser never chooses the conversation's sender: it is the logged-in
person's login. Every POST carries the session's CSRF token.
"""

from __future__ import annotations

import asyncio
import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List

import jinja2
from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot import messages, roles
from bot.inputs import MAX_MESSAGE_CHARS
from bot.knowledge.base import KnowledgeBase
from bot.report.render import FORMATS as REPORT_FORMATS
from bot.report.render import MEDIA_TYPES
from bot.rasa.payloads import replies
from bot.report.worker import ReportWorkers
from bot.review import Outcome, Review
from bot.store import Store, StoreUnavailable
from bot.store.registry import Registry
from bot.web import auth
from bot.web.rasa_client import RasaClient, RasaRefused, RasaUnavailable

HERE = Path(__file__).resolve().parent
COOKIE = "banso_session"
HISTORY_TURNS = 30  # turns the chat page shows at first; older ones load on request


class Pages:
    def __init__(self, store: Store, kb: KnowledgeBase, rasa: RasaClient, secure_cookies: bool = False):
        self.store, self.kb, self.rasa = store, kb, rasa
        self.registry = Registry(store)
        self.review = Review(kb, store)
        self.reports = ReportWorkers()
        self.secure_cookies = secure_cookies
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
    async def login_form(self, request) -> web.Response:
        note = "セッションの有効期限が切れました。もう一度ログインしてください。" if request.query.get("expired") else None
        return self.page("login.html", note=note)

    async def login(self, request) -> web.Response:
        try:
            form = await request.post()
        except (ValueError, LookupError, AssertionError):  # bad bytes or charset, a broken multipart body
            return self.page("login.html", status=400, error="送信の形式が正しくありません。ページを読み込み直してください。")
        login, password = str(form.get("login", "")).strip(), str(form.get("password", ""))
        try:
            token = auth.log_in(self.store, login, password)
        except auth.LoginRefused as refused:
            return self.page("login.html", status=401, error=str(refused), login=login)
        response = web.HTTPSeeOther("/")
        response.set_cookie(COOKIE, token, httponly=True, samesite="Lax", secure=self.secure_cookies,
                            max_age=int(auth.SESSION_LIFETIME.total_seconds()), path="/")
        return response

    async def logout(self, request) -> web.Response:
        auth.log_out(self.store, session_token(request))
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
        return {"question": question, "progress": progress}

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
        if not roles.may(person.role, "dashboard"):
            return self.error(request, 403, roles.REFUSALS["dashboard"])
        rows = await off_loop(lambda: overview(self.registry, self.kb, self.registry.supported(person)))
        return self.page("dashboard.html", session=request["session"], rows=rows, formats=REPORT_FORMATS)

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
        filename = f"banso-report-{place.code}.{fmt}"
        return web.Response(body=data, headers={"Content-Type": MEDIA_TYPES[fmt],
                                                "Content-Disposition": f'attachment; filename="{filename}"'})

    async def knowledge(self, request) -> web.Response:
        from bot.knowledge.search import searcher

        person = request["session"].person
        if not roles.may(person.role, "knowledge"):
            return self.error(request, 403, roles.REFUSALS["knowledge"])
        query = request.query.get("q", "").strip()[:200]
        hits = await off_loop(lambda: searcher().search(query, limit=10)) if query else []
        return self.page("knowledge.html", session=request["session"], query=query, hits=hits, kb=self.kb)

    async def prompts(self, request) -> web.Response:
        from bot.knowledge.prompt_sheet import PromptSheetError, render

        if not roles.may(request["session"].person.role, "knowledge"):
            return self.error(request, 403, roles.REFUSALS["knowledge"])
        target = request.query.get("theme"), request.query.get("step")
        try:
            html = await off_loop(lambda: render(self.kb, theme=target[0], step=target[1], fmt="html"))
        except PromptSheetError as err:
            return self.error(request, 404, str(err))
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    async def health(self, request) -> web.Response:
        return web.json_response({"ok": True})


PUBLIC = {"/login", "/healthz"}


# Two at a time: more would only share the same cores, and hold the GIL longer against the chat.
SLOW_WORK = ThreadPoolExecutor(max_workers=2, thread_name_prefix="banso-slow")


async def off_loop(work):
    """Run slow work (the dashboard's overview, search, sheets) in a worker thread: every chat keeps being served.

    Reports go further, to a process of their own (bot.report.worker): they would hold the GIL for seconds.
    """
    return await asyncio.get_running_loop().run_in_executor(SLOW_WORK, work)


def create_app(store: Store, kb: KnowledgeBase, rasa: RasaClient, secure_cookies: bool = False) -> web.Application:
    pages = Pages(store, kb, rasa, secure_cookies)

    @web.middleware
    async def session_and_errors(request, handler):
        if request.path in PUBLIC or request.path.startswith("/static/"):
            return await _guarded(request, handler, pages)
        token = session_token(request)
        try:
            session = auth.current(store, token)
            expired = session is None and auth.expired(store, token)
        except SQLAlchemyError:  # the record cannot be read: the same Japanese answer as in any handler
            return pages.error(request, 503, messages.STORE_UNAVAILABLE)
        if session is None:
            if request.path.startswith("/api/"):
                return web.json_response({"error": "ログインの有効期限が切れました。ページを読み込み直して、もう一度ログインしてください。",
                                          "login": True}, status=401)
            raise web.HTTPSeeOther("/login?expired=1" if expired else "/login")
        request["session"] = session
        if request.method == "POST":
            sent = request.headers.get("X-CSRF-Token")
            if sent is None and request.content_type == "application/x-www-form-urlencoded":
                sent = (await request.post()).get("csrf")
            if not auth.csrf_ok(session, sent):
                return pages.error(request, 403, "画面が古くなっています。ページを読み込み直してから、もう一度お試しください。")
        return await _guarded(request, handler, pages)

    @web.middleware
    async def security_headers(request, handler):
        response = await handler(request)
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                    "frame-ancestors 'none'; form-action 'self'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    app = web.Application(middlewares=[security_headers, session_and_errors], client_max_size=256 * 1024)
    app.router.add_get("/login", pages.login_form)
    app.router.add_post("/login", pages.login)
    app.router.add_post("/logout", pages.logout)
    app.router.add_get("/", pages.home)
    app.router.add_get("/chat", pages.chat)
    app.router.add_get("/api/state", pages.api_state)
    app.router.add_get("/api/history", pages.api_history)
    app.router.add_post("/api/message", pages.api_message)
    app.router.add_get("/dashboard", pages.dashboard)
    app.router.add_get(r"/reports/{code:\d{6}}.{fmt:[a-z]+}", pages.report)
    app.router.add_get("/knowledge", pages.knowledge)
    app.router.add_get("/prompts", pages.prompts)
    app.router.add_get("/healthz", pages.health)
    app.router.add_get("/api/openapi.json", openapi_description)
    app.router.add_static("/static/", HERE / "static")

    async def stop_report_workers(_app) -> None:
        pages.reports.close()

    app.on_cleanup.append(stop_report_workers)
    return app


async def _guarded(request, handler, pages: Pages):
    """Every failure becomes a Japanese page or JSON message; nothing escapes as a traceback."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except StoreUnavailable:
        return pages.error(request, 503, messages.STORE_UNAVAILABLE)
    except Exception:  # noqa: BLE001 - the user must always get an answer
        import logging

        logging.getLogger(__name__).exception("request failed: %s", request.path)
        return pages.error(request, 500, "申し訳ありません。処理中に問題が起きました。少し待ってからもう一度お試しください。")


async def openapi_description(request) -> web.Response:
    """The JSON API's OpenAPI description: bot/web/openapi.yaml, kept as data and served as JSON."""
    import yaml

    description = yaml.safe_load((HERE / "openapi.yaml").read_text(encoding="utf-8"))
    return web.json_response(description, dumps=lambda data: json.dumps(data, ensure_ascii=False))


def session_token(request) -> str | None:
    """The session cookie, read on its own: aiohttp's SimpleCookie fails on a whole header for one odd cookie
    of another app on this host (「a)b=1」 was a plain-text 500, 「a"b=2」 silently dropped the session)."""
    for pair in "; ".join(request.headers.getall("Cookie", [])).split(";"):
        name, _, value = pair.strip().partition("=")
        if name == COOKIE:
            return value
    return None
