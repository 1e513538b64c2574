// 伴走 chat page. The server decides who is speaking; this page only shows and sends.
"use strict";
(function () {
  const layout = document.querySelector(".chat-layout");
  const csrf = layout.dataset.csrf;
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const box = document.getElementById("message");
  const send = document.getElementById("send");
  const status = document.getElementById("status");
  const viewpoint = document.getElementById("viewpoint");
  let composing = false;      // an IME conversion is open
  let busy = false;           // a turn is on its way
  let pending = null;         // {text, clientId} kept until the server has answered it
  let lastButtons = [];

  const newId = () => (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
    : Date.now().toString(36) + Math.random().toString(36).slice(2);

  function bubble(who, text) {
    const p = document.createElement("p");
    p.className = "bubble " + who;
    p.textContent = text;           // never HTML: answers may contain markup
    log.appendChild(p);
    log.scrollTop = log.scrollHeight;
  }

  function retireButtons() {
    // Only the latest question's choices stay live: an old 「スキップ」 would act on today's question.
    log.querySelectorAll(".buttons button").forEach((b) => { b.disabled = true; });
  }

  function buttons(list) {
    lastButtons = list || [];
    if (!lastButtons.length) return;
    retireButtons();
    const row = document.createElement("div");
    row.className = "buttons";
    lastButtons.forEach((b) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = b.title;
      button.addEventListener("click", () => submit(b.payload, b.title));
      row.appendChild(button);
    });
    log.appendChild(row);
    log.scrollTop = log.scrollHeight;
  }

  function showReplies(replies) {
    replies.forEach((r) => {
      if (r.text) bubble("bot", r.text);
      if (r.buttons) buttons(r.buttons);
    });
  }

  function showState(state) {
    const q = state.question;
    document.getElementById("question-position").textContent = q ? q.position + "　" + q.walk : "いま開いている問いはありません";
    document.getElementById("question-text").textContent = q ? q.text : "「振り返りを始めたい」と送ると、問いが始まります。";
    viewpoint.disabled = !q;
    const next = document.getElementById("next-meeting");
    next.textContent = "";
    next.hidden = !state.next_meeting;
    if (state.next_meeting) {
      next.append(state.next_meeting.label);
      if (state.next_meeting.advice) {
        const advice = document.createElement("span");
        advice.className = "advice";
        advice.textContent = state.next_meeting.advice;
        next.appendChild(advice);
      }
    }
    const body = document.getElementById("progress");
    body.textContent = "";
    state.progress.forEach((p) => {
      const tr = document.createElement("tr");
      if (q && q.position.startsWith(p.label + " ")) tr.className = "current";
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = p.label;
      const done = document.createElement("td");
      done.textContent = p.answered + p.skipped + p.dont_know;
      const total = document.createElement("td");
      total.textContent = p.total;
      tr.append(th, done, total);
      body.appendChild(tr);
    });
  }

  async function call(path, options) {
    let response;
    try {
      response = await fetch(path, Object.assign({credentials: "same-origin"}, options || {}));
    } catch (e) {   // the web app itself is down or restarting: say so, keep the text
      throw new Error("サーバーにつながりませんでした。入力した文は残してあります。少し待ってから、もう一度送ってください。");
    }
    let data = {};
    try { data = await response.json(); } catch (e) { /* not JSON */ }
    if (response.status === 401) {
      status.innerHTML = "";
      status.append(data.error || "ログインの有効期限が切れました。", " ");
      const a = document.createElement("a");
      a.href = "/login?expired=1";
      a.textContent = "ログインし直す";
      status.appendChild(a);
      throw new Error("login");
    }
    if (!response.ok) throw new Error(data.error || "送信できませんでした。もう一度お試しください。");
    return data;
  }

  async function submit(text, shown) {
    if (busy) return;               // a double click sends once
    const retry = pending && pending.text === text;   // the same turn again: same id, no second bubble
    if (!retry) pending = {text: text, clientId: newId()};
    busy = true;
    send.disabled = true;
    status.textContent = "";
    if (shown !== null && !retry) bubble("user", shown || text);
    try {
      const data = await call("/api/message", {
        method: "POST",
        headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
        body: JSON.stringify({text: pending.text, client_id: pending.clientId}),
      });
      pending = null;
      if (box.value === text) box.value = "";
      showReplies(data.replies);
      showState(data.state);
    } catch (err) {
      if (err.message !== "login") status.textContent = err.message;
      if (!box.value && text && !text.startsWith("/")) box.value = text;   // nothing typed is lost
    } finally {
      busy = false;
      send.disabled = false;
      box.focus();
    }
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (box.value.trim() === "") { status.textContent = "メッセージが空です。"; return; }
    submit(box.value);
  });
  box.addEventListener("compositionstart", () => { composing = true; });
  box.addEventListener("compositionend", () => {
    // Safari fires compositionend before the Enter keydown that confirmed it: wait a tick.
    setTimeout(() => { composing = false; }, 0);
  });
  box.addEventListener("keydown", (e) => {
    if (e.key !== "Enter" || e.shiftKey) return;          // Shift+Enter: a new line
    if (composing || e.isComposing || e.keyCode === 229) return;   // Enter confirms the conversion
    e.preventDefault();
    form.requestSubmit();
  });
  viewpoint.addEventListener("click", () => submit("/request_viewpoint", "大事な視点を見る"));

  // Comments from the support team, each beside the answer it is on, with a reply box.
  const commentBox = document.getElementById("comments");
  const commentList = document.getElementById("comment-list");

  function para(text, className) {
    const p = document.createElement("p");
    if (className) p.className = className;
    p.textContent = text;           // never HTML
    return p;
  }

  function showComments(list) {
    commentList.textContent = "";
    commentBox.hidden = !list.length;
    list.forEach((c) => {
      const card = document.createElement("article");
      card.className = "comment-card";
      card.dataset.comment = c.id;
      const mine = document.createElement("div");
      mine.className = "mine";
      mine.append(para("あなたの回答（" + c.answer.position + "）", "kind"), para(c.answer.question, "hint"),
        para(c.answer.text, "answer-text"));
      const theirs = document.createElement("div");
      theirs.className = "theirs";
      theirs.append(para(c.author + "さん（" + c.role + "）・" + c.at, "kind"), para(c.text, "comment-text"));
      c.replies.forEach((r) => theirs.appendChild(para("あなたの返信: " + r.text, "hint")));
      const reply = document.createElement("div");
      reply.className = "reply";
      const label = document.createElement("label");
      label.className = "visually-hidden";
      label.htmlFor = "reply-" + c.id;
      label.textContent = "コメントへの返信";
      const box = document.createElement("textarea");
      box.id = "reply-" + c.id;
      box.rows = 2;
      box.maxLength = 2000;
      box.placeholder = "返信を書けます（Ctrl+Enter でも送れます）";
      let composingReply = false;
      box.addEventListener("compositionstart", () => { composingReply = true; });
      box.addEventListener("compositionend", () => { setTimeout(() => { composingReply = false; }, 0); });
      const send = document.createElement("button");
      send.type = "button";
      send.textContent = "返信する";
      const done = document.createElement("button");
      done.type = "button";
      done.className = "secondary";
      done.textContent = "読みました";
      send.addEventListener("click", () => commentAction(c.id, "reply", box, send));
      done.addEventListener("click", () => commentAction(c.id, "read", null, done));
      box.addEventListener("keydown", (e) => {
        // Enter is a new line; Ctrl+Enter sends, never while an IME conversion is open.
        if (e.key !== "Enter" || !(e.ctrlKey || e.metaKey)) return;
        if (composingReply || e.isComposing || e.keyCode === 229) return;
        e.preventDefault();
        send.click();
      });
      reply.append(label, box, send, done);
      card.append(mine, theirs, reply);
      commentList.appendChild(card);
    });
  }

  async function commentAction(id, what, box, button) {
    if (box && box.value.trim() === "") { status.textContent = "返信が空です。ひとこと入力してから送ってください。"; return; }
    button.disabled = true;
    status.textContent = "";
    try {
      const data = await call("/api/comments/" + encodeURIComponent(id) + "/" + what, {
        method: "POST",
        headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
        body: JSON.stringify(box ? {text: box.value} : {}),
      });
      if (what === "reply") status.textContent = "";
      showComments(data.comments);
      if (what === "reply") bubble("bot", "返信を記録しました。アドバイザーにも届きます。");
    } catch (err) {          // the typed reply stays in its box
      button.disabled = false;
      if (err.message !== "login") status.textContent = err.message;
    }
  }

  // The record's latest turns come first; older ones only when asked (a year of use stays quick).
  function historyNodes(messages) {
    const fragment = document.createDocumentFragment();
    let previous = [];
    messages.forEach((m) => {
      const p = document.createElement("p");
      if (m.from === "user") {
        const match = previous.find((b) => b.payload === m.text);
        p.className = "bubble user";
        p.textContent = match ? match.title : m.text;
      } else {
        p.className = "bubble bot";
        p.textContent = m.text;
        previous = m.buttons || [];
      }
      fragment.appendChild(p);
    });
    return {fragment: fragment, lastButtons: previous};
  }

  function olderButton(before) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary older";
    button.textContent = "以前の会話を読み込む";
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const older = await call("/api/history?before=" + encodeURIComponent(before));
        const nodes = historyNodes(older.messages);
        button.replaceWith(nodes.fragment);
        if (older.more) log.prepend(olderButton(older.before));
      } catch (err) {
        button.disabled = false;
        if (err.message !== "login") status.textContent = err.message;
      }
    });
    return button;
  }

  async function start() {
    try {
      const history = await call("/api/history");
      const nodes = historyNodes(history.messages);
      log.appendChild(nodes.fragment);
      if (history.more) log.prepend(olderButton(history.before));
      log.scrollTop = log.scrollHeight;
      if (nodes.lastButtons.length) buttons(nodes.lastButtons);
      showState(await call("/api/state"));
      showComments((await call("/api/comments")).comments);
      if (!history.messages.length) submit("/greet", null);
    } catch (err) {
      if (err.message !== "login") status.textContent = err.message;
    }
  }
  start();
})();
