// nghisu: the live screens of a meeting in session (participant, chair's
// console, secretary's console, projector). The page brings the meeting's
// state as of an event id; this script follows the meeting's event stream
// from that id, redraws the section each event carries, and acts through
// the JSON API. Text is only ever set with textContent.
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root) {
    return;
  }
  var mid = root.getAttribute("data-meeting");
  var mode = root.getAttribute("data-mode");
  var api = "/api/v1";
  function json(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }
  var state = json("live-state");
  var me = json("live-me");
  var L = json("live-labels");
  var last = state.last_event_id;
  var offset = 0; // server clock minus this device's clock, in ms

  // ---- helpers ----
  function t(key) {
    var s = L[key] || key;
    for (var i = 1; i < arguments.length; i++) {
      s = s.replace(/%[dsv]/, String(arguments[i]));
    }
    return s;
  }
  function all(sel, el) {
    return Array.prototype.slice.call((el || root).querySelectorAll(sel));
  }
  function one(sel) {
    return root.querySelector(sel);
  }
  function bound(name) {
    return one('[data-bind="' + name + '"]');
  }
  function setText(name, s) {
    var e = bound(name);
    if (e) {
      e.textContent = s == null ? "" : s;
    }
  }
  function make(tag, cls, txt) {
    var e = document.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (txt != null) {
      e.textContent = txt;
    }
    return e;
  }
  function clear(e) {
    while (e && e.firstChild) {
      e.removeChild(e.firstChild);
    }
    return e;
  }
  function show(e, on) {
    if (e) {
      e.hidden = !on;
    }
  }
  function button(label, fn, cls) {
    var b = make("button", "btn small" + (cls ? " " + cls : ""), label);
    b.type = "button";
    b.addEventListener("click", fn);
    return b;
  }
  function mmss(sec) {
    sec = Math.max(0, Math.floor(sec));
    var m = Math.floor(sec / 60), s = sec % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  // ---- talking to the server ----
  var errorBox = one("[data-error]");
  function showError(msg) {
    errorBox.textContent = msg;
    show(errorBox, !!msg);
  }
  function errorText(body, status) {
    var e = body && body.error;
    if (!e) {
      return t("live.failed", status);
    }
    var msg = e.message;
    if (e.fields) {
      Object.keys(e.fields).sort().forEach(function (k) {
        msg += " " + e.fields[k];
      });
    }
    return msg;
  }
  // call sends a request to the API and resolves with its JSON body; a
  // refusal is shown above the sections and rejects.
  function call(method, path, body) {
    var opts = { method: method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(api + path, opts).then(function (r) {
      return r.text().then(function (txt) {
        var data = null;
        try {
          data = txt ? JSON.parse(txt) : null;
        } catch (e) {
          data = null;
        }
        if (!r.ok) {
          var err = new Error(errorText(data, r.status));
          err.status = r.status;
          throw err;
        }
        return data;
      });
    });
  }
  // act is call for a user's action: a refusal is shown, and the returned
  // promise rejects for callers that go on only after success.
  function act(method, path, body) {
    showError("");
    var p = call(method, path, body).then(function (data) {
      refreshMe();
      return data;
    }, function (err) {
      showError(err.message || t("live.offline"));
      throw err;
    });
    p.catch(function () {}); // shown already
    return p;
  }
  function refreshMe() {
    return call("GET", "/meetings/" + mid + "/live/me").then(function (m) {
      me = m;
      drawMe();
      drawPoll();
    }, function () {});
  }

  // ---- drawing ----
  function currentItem() {
    var items = state.meeting.items || [];
    for (var i = 0; i < items.length; i++) {
      if (items[i].id === state.meeting.current) {
        return items[i];
      }
    }
    return null;
  }

  function drawMeeting() {
    var m = state.meeting;
    setText("state", t("meetingstate." + m.state));
    all("[data-show]").forEach(function (e) {
      show(e, e.getAttribute("data-show") === m.state);
    });
    var it = currentItem();
    setText("item.title", it ? it.position + ". " + it.title : (m.state === "convened" ? t("live.not_open") : t("live.no_item")));
    setText("item.presenter", it && it.presenter ? t("live.presenter", it.presenter) : "");
    setText("item.conclusion", it && it.conclusion ? t("live.conclusion_is", it.conclusion) : "");
    all("[data-papers-of]").forEach(function (e) {
      show(e, it && e.getAttribute("data-papers-of") === String(it.id));
    });
    var form = one('[data-form="conclusion"]');
    if (form && it && !form.contains(document.activeElement)) {
      form.elements.conclusion.value = it.conclusion || "";
      form.elements.discussed.checked = !!it.discussed;
    }
    var prog = clear(bound("program"));
    (m.items || []).forEach(function (x) {
      var li = make("li", x.id === m.current ? "current" : (x.discussed ? "done" : ""));
      li.appendChild(make("span", "", x.title));
      if (x.discussed) {
        li.appendChild(make("span", "badge", t("live.discussed_badge")));
      }
      if (x.id === m.current) {
        li.setAttribute("aria-current", "step");
      }
      if (mode === "console" && m.state === "in_session" && x.id !== m.current) {
        li.appendChild(button(t("live.goto"), function () {
          act("POST", "/meetings/" + mid + "/goto", { item_id: x.id });
        }));
      }
      prog.appendChild(li);
    });
  }

  function drawAttendance() {
    var a = state.attendance;
    setText("att.present", a.present);
    setText("att.base", a.base);
    var q = bound("att.quorum");
    if (q) {
      q.textContent = a.quorum ? t("live.quorum_ok", a.needed) : t("live.quorum_missing", a.needed, a.present);
      q.className = a.quorum ? "ok-note" : "warn-note";
    }
    if (me.person_id) {
      me.here = (a.here || []).indexOf(me.person_id) >= 0;
    }
    drawMe();
    if (mode === "secretary") {
      loadRoll();
    }
  }

  var countdown = { started: null, limit: 0 };
  function drawFloor() {
    var f = state.floor;
    if (f.now) {
      offset = Date.parse(f.now) - Date.now();
    }
    var sp = clear(bound("floor.speaking"));
    countdown.started = null;
    if (f.speaking) {
      sp.appendChild(make("p", "big", f.speaking.name));
      if (f.speaking.kind === "order") {
        sp.appendChild(make("span", "badge", t("speechkind.order")));
      }
      countdown.started = Date.parse(f.speaking.started_at);
      countdown.limit = f.speaking.limit;
      if (mode === "console" || mode === "secretary") {
        var id = f.speaking.speech_id;
        sp.appendChild(button(t("live.end_speech"), function () {
          act("POST", "/speeches/" + id + "/end");
        }));
      }
    } else {
      sp.appendChild(make("p", "hint", t("live.nobody_speaking")));
    }
    tick();
    var q = clear(bound("floor.queue"));
    me.waiting = 0;
    (f.queue || []).forEach(function (x, i) {
      var li = make("li", x.kind === "order" ? "order" : "");
      li.appendChild(make("span", "", x.name));
      if (x.kind === "order") {
        li.appendChild(make("span", "badge", t("speechkind.order")));
      }
      if (x.person_id === me.person_id && x.kind !== "order") {
        me.waiting = x.speech_id;
      }
      if (mode === "console") {
        li.appendChild(button(t("live.give_floor"), function () { act("POST", "/speeches/" + x.speech_id + "/give"); }, "primary"));
        if (i > 0) {
          li.appendChild(button("↑", function () { act("POST", "/speeches/" + x.speech_id + "/move", { delta: -1 }); }));
        }
        if (i < f.queue.length - 1) {
          li.appendChild(button("↓", function () { act("POST", "/speeches/" + x.speech_id + "/move", { delta: 1 }); }));
        }
      }
      if (mode === "console" || mode === "secretary") {
        li.appendChild(button(t("live.withdraw"), function () { act("POST", "/speeches/" + x.speech_id + "/withdraw"); }));
      }
      q.appendChild(li);
    });
    if (!q.firstChild) {
      q.appendChild(make("li", "hint", t("live.nobody_waiting")));
    }
    drawMe();
    if (mode === "secretary") {
      loadSpeeches();
    }
  }

  function tick() {
    var e = bound("floor.countdown");
    if (!e) {
      return;
    }
    if (!countdown.started) {
      e.textContent = "";
      e.className = "countdown";
      return;
    }
    var spoken = (Date.now() + offset - countdown.started) / 1000;
    if (countdown.limit > 0) {
      var left = countdown.limit - spoken;
      e.textContent = left >= 0 ? t("live.time_left", mmss(left)) : t("live.time_over", mmss(-left));
      e.className = "countdown" + (left < 0 ? " over" : left < 30 ? " soon" : "");
    } else {
      e.textContent = t("live.time_spoken", mmss(spoken));
      e.className = "countdown";
    }
  }
  setInterval(tick, 1000);

  function electronic(p) {
    return p.method === "named" || p.method === "secret";
  }

  function drawPoll() {
    var p = state.poll;
    var box = clear(bound("poll"));
    var ballot = one("[data-ballot]");
    show(ballot, false);
    all("[data-if-poll]").forEach(function (e) { show(e, false); });
    show(one('[data-form="reserve"]'), false);
    root.classList.toggle("voting", !!p && p.state === "open");
    if (!p) {
      box.appendChild(make("p", "hint", t("live.no_vote")));
      return;
    }
    box.appendChild(make("h3", "poll-title", p.title));
    box.appendChild(make("p", "hint", t("decisionkind." + p.kind) + " · " + t("votemethod." + p.method)));
    box.appendChild(make("p", "", t("live.base", p.base, p.needed)));
    if (electronic(p)) {
      box.appendChild(make("p", "turnout", t("live.turnout", p.voted, p.present)));
    }
    if (p.shown) {
      var dl = make("dl", "tally");
      [["for", p["for"]], ["against", p.against], ["abstain", p.abstain]].forEach(function (c) {
        dl.appendChild(make("dt", "", t("choice." + c[0])));
        dl.appendChild(make("dd", "n-" + c[0], String(c[1])));
      });
      if (p.method === "paper" && p.state === "closed") {
        dl.appendChild(make("dt", "", t("live.spoiled")));
        dl.appendChild(make("dd", "", String(p.spoiled)));
      }
      box.appendChild(dl);
    } else if (p.state === "open") {
      box.appendChild(make("p", "hint", p.method === "secret" ? t("live.secret_hidden") : t("live.results_hidden")));
    }
    if (p.state === "closed") {
      var res = make("p", "result " + (p.passed ? "passed" : "failed"), p.passed ? t("live.passed") : t("live.failed_vote"));
      res.setAttribute("role", "status");
      box.appendChild(res);
      if (p.passed && me.member && mode === "participant") {
        show(one('[data-form="reserve"]'), true);
      }
      return;
    }
    box.appendChild(make("p", "badge open", t("live.voting_open")));
    all("[data-if-poll]").forEach(function (e) {
      var want = e.getAttribute("data-if-poll");
      show(e, want === "electronic" ? electronic(p) : want === "counted" ? !electronic(p) : want === "paper" ? p.method === "paper" : false);
    });
    if (!ballot || !electronic(p) || !me.votes) {
      return;
    }
    show(ballot, true);
    var canVote = me.here && (!me.voted || (p.method === "named" && p.allow_change));
    all("[data-choice]", ballot).forEach(function (b) {
      show(b, canVote);
      b.classList.toggle("chosen", me.choice === b.getAttribute("data-choice"));
      b.setAttribute("aria-pressed", me.choice === b.getAttribute("data-choice") ? "true" : "false");
    });
    var note = !me.here ? t("live.checkin_to_vote") : me.voted ? (me.choice ? t("live.voted_choice", t("choice." + me.choice)) : t("live.voted")) : t("live.please_vote");
    if (pending && pending.poll === p.id) {
      note = t("live.sending");
    }
    ballot.querySelector('[data-bind="ballot.note"]').textContent = note;
  }

  function drawQuestions() {
    var qs = state.questions || { on_floor: null, waiting: [] };
    var fl = clear(bound("q.floor"));
    if (!fl) {
      return;
    }
    var to = function (q) {
      return q.to === "person" && q.to_name ? q.to_name : t("addressee." + q.to);
    };
    if (qs.on_floor) {
      fl.appendChild(make("p", "big", t("live.question_line", qs.on_floor.asker, to(qs.on_floor))));
      fl.appendChild(make("blockquote", "", qs.on_floor.text));
    } else {
      fl.appendChild(make("p", "hint", t("live.no_question")));
    }
    all('[data-if-q="floor"]').forEach(function (e) { show(e, !!qs.on_floor); });
    var w = clear(bound("q.waiting"));
    (qs.waiting || []).forEach(function (q) {
      var li = make("li", "", t("live.question_line", q.asker, to(q)));
      li.appendChild(make("p", "hint", q.text));
      if (mode === "console" && state.meeting.state === "in_session") {
        li.appendChild(button(t("live.put_question"), function () {
          act("POST", "/meetings/" + mid + "/questions/floor", { question_id: q.id });
        }));
      }
      w.appendChild(li);
    });
    if (!w.firstChild) {
      w.appendChild(make("li", "hint", t("live.no_questions_waiting")));
    }
  }

  function drawMe() {
    all("[data-if-me]").forEach(function (e) {
      var v = e.getAttribute("data-if-me");
      var on = v === "here" ? me.here : v === "not_here" ? !me.here : v === "waiting" ? !!me.waiting : v === "not_waiting" ? !me.waiting : false;
      show(e, on);
    });
  }

  function drawAll() {
    drawMeeting();
    drawAttendance();
    drawFloor();
    drawPoll();
    drawQuestions();
  }

  // ---- the secretary's lists ----
  var rollTimer = null;
  function loadRoll() {
    clearTimeout(rollTimer);
    rollTimer = setTimeout(function () {
      call("GET", "/meetings/" + mid + "/attendance").then(drawRoll, function () {});
    }, 150);
  }
  // drawRoll fills the roll call table. Rows are kept and updated in
  // place, so a reason being typed is not lost when an event redraws it.
  function drawRoll(data) {
    var body = bound("roll");
    if (!body) {
      return;
    }
    var options = document.getElementById("t-attendance-options");
    data.attendees.forEach(function (x) {
      var tr = body.querySelector('tr[data-person="' + x.person.id + '"]');
      if (!tr) {
        tr = rollRow(x, options);
        body.appendChild(tr);
      }
      var sel = tr.querySelector("select"), reason = tr.querySelector("input");
      if (sel !== document.activeElement) {
        sel.value = x.attendance.status || "";
      }
      if (reason !== document.activeElement) {
        reason.value = x.attendance.reason || "";
      }
    });
  }
  function rollRow(x, options) {
    var tr = make("tr");
    tr.setAttribute("data-person", x.person.id);
    var name = make("td", "", x.person.full_name);
    if (!x.member) {
      name.appendChild(make("span", "badge", t("live.guest")));
    } else if (!x.votes) {
      name.appendChild(make("span", "badge", t("live.not_in_base")));
    }
    tr.appendChild(name);
    var sel = document.createElement("select");
    sel.setAttribute("aria-label", t("live.status_of", x.person.full_name));
    sel.appendChild(make("option", "", "—"));
    sel.lastChild.value = "";
    sel.appendChild(options.content.cloneNode(true));
    var td = make("td");
    td.appendChild(sel);
    tr.appendChild(td);
    var reason = make("input");
    reason.setAttribute("aria-label", t("live.reason_of", x.person.full_name));
    td = make("td");
    td.appendChild(reason);
    tr.appendChild(td);
    // A choice is saved as soon as it is made; the reason when it is left.
    var note = make("td", "saved");
    note.setAttribute("aria-live", "polite");
    var save = function () {
      if (!sel.value) {
        return;
      }
      note.textContent = "";
      act("POST", "/meetings/" + mid + "/attendance", { person_id: x.person.id, status: sel.value, reason: reason.value })
        .then(function () { note.textContent = t("live.saved"); }, function () {});
    };
    sel.addEventListener("change", save);
    reason.addEventListener("change", save);
    tr.appendChild(note);
    return tr;
  }

  var speechTimer = null;
  function loadSpeeches() {
    clearTimeout(speechTimer);
    speechTimer = setTimeout(function () {
      call("GET", "/meetings/" + mid + "/speeches").then(drawSpeeches, function () {});
    }, 150);
  }
  function drawSpeeches(data) {
    var box = bound("speeches");
    if (!box) {
      return;
    }
    // Keep what the secretary is typing: a changed box is not redrawn.
    var typing = {};
    all("textarea[data-speech]", box).forEach(function (ta) {
      if (ta.getAttribute("data-dirty") === "1" || ta === document.activeElement) {
        typing[ta.getAttribute("data-speech")] = ta;
      }
    });
    clear(box);
    data.items.forEach(function (is) {
      if (!is.speeches || !is.speeches.length) {
        return;
      }
      box.appendChild(make("h3", "", is.item.position + ". " + is.item.title));
      is.speeches.forEach(function (sp) {
        var div = make("div", "speech");
        var secs = sp.started_at && sp.ended_at ? (Date.parse(sp.ended_at) - Date.parse(sp.started_at)) / 1000 : null;
        div.appendChild(make("p", "", sp.person.full_name + (secs != null ? " · " + mmss(secs) : " · " + t("live.speaking_now"))));
        var ta = typing[sp.id];
        if (!ta) {
          ta = make("textarea");
          ta.rows = 3;
          ta.value = sp.substance || "";
          ta.setAttribute("data-speech", sp.id);
          ta.setAttribute("aria-label", t("live.substance_of", sp.person.full_name));
          ta.addEventListener("input", function () { ta.setAttribute("data-dirty", "1"); });
        }
        div.appendChild(ta);
        div.appendChild(button(t("live.save"), function () {
          act("PUT", "/speeches/" + sp.id + "/substance", { text: ta.value }).then(function () {
            ta.removeAttribute("data-dirty");
          }, function () {});
        }));
        box.appendChild(div);
      });
    });
    if (!box.firstChild) {
      box.appendChild(make("p", "hint", t("live.no_speeches")));
    }
  }

  // ---- ballots: sent with a key made here, resent with the same key
  // until the server answers, so a lost reply never loses or doubles a
  // vote. The pending ballot survives a reload.
  var pendingKey = "nghisu-ballot-" + mid;
  var pending = null;
  try {
    pending = JSON.parse(localStorage.getItem(pendingKey) || "null");
  } catch (e) {
    pending = null;
  }
  function newKey() {
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }
  function sendBallot() {
    if (!pending) {
      return;
    }
    var b = pending;
    call("POST", "/polls/" + b.poll + "/ballots", { choice: b.choice, key: b.key }).then(function (r) {
      pending = null;
      localStorage.removeItem(pendingKey);
      me.voted = true;
      me.choice = r.choice || "";
      showError("");
      drawPoll();
    }, function (err) {
      if (err.status && err.status < 500) {
        // Refused (closed, absent…): the reason is final; drop the ballot.
        pending = null;
        localStorage.removeItem(pendingKey);
        showError(err.message);
        refreshMe();
        return;
      }
      setTimeout(sendBallot, 2000); // offline or server down: same key again
      drawPoll();
    });
  }
  all("[data-choice]").forEach(function (b) {
    b.addEventListener("click", function () {
      var p = state.poll;
      if (!p || p.state !== "open" || (pending && pending.poll === p.id)) {
        return;
      }
      pending = { poll: p.id, choice: b.getAttribute("data-choice"), key: newKey() };
      localStorage.setItem(pendingKey, JSON.stringify(pending));
      drawPoll();
      sendBallot();
    });
  });

  // ---- buttons and forms ----
  root.addEventListener("click", function (e) {
    var b = e.target.closest("[data-act]");
    if (!b || !root.contains(b)) {
      return;
    }
    var msg = b.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) {
      return;
    }
    var a = b.getAttribute("data-act");
    var base = "/meetings/" + mid;
    if (a === "goto") {
      act("POST", base + "/goto", { delta: parseInt(b.getAttribute("data-delta"), 10) });
    } else if (a === "open" || a === "adjourn" || a === "checkin") {
      act("POST", base + "/" + a);
    } else if (a === "floor") {
      act("POST", base + "/floor", { kind: b.getAttribute("data-kind") });
    } else if (a === "withdraw-mine" && me.waiting) {
      act("POST", "/speeches/" + me.waiting + "/withdraw");
    } else if (a === "put-question") {
      act("POST", base + "/questions/floor", { question_id: parseInt(b.getAttribute("data-id"), 10) }).then(function () {
        var li = b.closest("li");
        if (li) {
          li.remove(); // it is this meeting's question now
        }
      }, function () {});
    } else if (a === "close-poll" && state.poll) {
      act("POST", "/polls/" + state.poll.id + "/close", {});
    }
  });

  function num(v) {
    var n = parseInt(v, 10);
    return isNaN(n) ? 0 : n;
  }
  var forms = {
    conclusion: function (f) {
      var it = currentItem();
      return it && act("PUT", "/items/" + it.id + "/conclusion", { discussed: f.elements.discussed.checked, conclusion: f.elements.conclusion.value });
    },
    limit: function (f) {
      var it = currentItem();
      return it && act("PUT", "/items/" + it.id + "/speaking-limit", { minutes: num(f.elements.minutes.value) });
    },
    speaker: function (f) {
      return act("POST", "/meetings/" + mid + "/speakers", { person_id: num(f.elements.person_id.value) });
    },
    poll: function (f) {
      var body = {
        title: f.elements.title.value,
        decision_kind: f.elements.decision_kind.value,
        method: f.elements.method.value,
        hide_results: f.elements.hide_results.checked,
        allow_change: f.elements.allow_change.checked
      };
      if (f.elements.document_id && f.elements.document_id.value) {
        body.document_id = num(f.elements.document_id.value);
        body.paragraph = num(f.elements.paragraph.value);
      }
      return act("POST", "/meetings/" + mid + "/polls", body).then(function () {
        f.elements.title.value = "";
        f.closest("details").open = false;
      });
    },
    tally: function (f) {
      return act("POST", "/polls/" + state.poll.id + "/close", { tally: {
        "for": num(f.elements["for"].value), against: num(f.elements.against.value),
        abstain: num(f.elements.abstain.value), spoiled: num(f.elements.spoiled.value), note: f.elements.note.value
      } }).then(function () { f.reset(); });
    },
    reserve: function (f) {
      return act("POST", "/polls/" + state.poll.id + "/reservations", { text: f.elements.text.value }).then(function () {
        f.reset();
        show(f, false);
      });
    },
    ask: function (f) {
      var body = { addressee: f.elements.addressee.value, text: f.elements.text.value };
      if (body.addressee === "person") {
        body.addressee_person_id = num(f.elements.addressee_person_id.value);
      }
      return act("POST", "/meetings/" + mid + "/questions", body).then(function () {
        f.reset();
        f.closest("details").open = false;
      });
    },
    answer: function (f, submitter) {
      var q = state.questions && state.questions.on_floor;
      if (!q) {
        return;
      }
      var body = { answer: f.elements.answer.value, answered_by: num(f.elements.answered_by.value) };
      if (submitter && submitter.name === "in_writing") {
        body.in_writing = true;
      }
      return act("POST", "/questions/" + q.id + "/answer", body).then(function () { f.reset(); });
    }
  };
  root.addEventListener("submit", function (e) {
    var f = e.target;
    var name = f.getAttribute("data-form");
    if (!name || !forms[name]) {
      return;
    }
    e.preventDefault();
    var r = forms[name](f, e.submitter);
    if (r && r.catch) {
      r.catch(function () {});
    }
  });

  // The vote form offers only the ways the rules allow for the kind chosen.
  var kindSel = one('select[name="decision_kind"]');
  function limitMethods() {
    var opt = kindSel.options[kindSel.selectedIndex];
    var allowed = (opt.getAttribute("data-methods") || "").split(" ");
    var method = one('select[name="method"]');
    var firstOK = null;
    Array.prototype.forEach.call(method.options, function (o) {
      var ok = allowed.indexOf(o.value) >= 0;
      o.disabled = !ok;
      o.hidden = !ok;
      if (ok && !firstOK) {
        firstOK = o;
      }
    });
    if (method.options[method.selectedIndex].disabled && firstOK) {
      method.value = firstOK.value;
    }
    setText("kind.source", opt.getAttribute("data-source"));
  }
  if (kindSel) {
    kindSel.addEventListener("change", limitMethods);
    limitMethods();
  }

  // ---- the stream ----
  var conn = one("[data-conn]");
  var staleNote = one("[data-stale]");
  var es = null;
  var heard = Date.now();
  function setLive(ok, text) {
    root.classList.toggle("stale", !ok);
    show(staleNote, !ok);
    conn.textContent = text;
    conn.className = "conn " + (ok ? "on" : "off");
  }
  var sections = { meeting: "meeting", attendance: "attendance", floor: "floor", poll: "poll", question: "questions" };
  var draw = { meeting: drawMeeting, attendance: drawAttendance, floor: drawFloor, poll: drawPoll, questions: drawQuestions };
  function connect() {
    if (es) {
      es.close();
    }
    setLive(false, t("live.reconnecting"));
    es = new EventSource(api + "/meetings/" + mid + "/events?last=" + last);
    es.onopen = function () {
      heard = Date.now();
      setLive(true, t("live.connected"));
      refreshMe();
      if (mode === "secretary") {
        loadRoll();
        loadSpeeches();
      }
    };
    es.onerror = function () {
      setLive(false, t("live.reconnecting"));
      if (es.readyState === EventSource.CLOSED) {
        setTimeout(connect, 3000); // the browser gave up (an error status): start again
      }
    };
    es.addEventListener("ping", function () { heard = Date.now(); });
    Object.keys(sections).forEach(function (kind) {
      es.addEventListener(kind, function (e) {
        heard = Date.now();
        if (e.lastEventId) {
          last = e.lastEventId;
        }
        var key = sections[kind];
        var before = key === "poll" && state.poll ? state.poll.id : 0;
        state[key] = JSON.parse(e.data);
        if (key === "poll" && state.poll && state.poll.id !== before) {
          // A new vote: nobody has voted in it yet, so this member has not
          // either; no need for every device in the room to ask at once.
          // Only if ballots are in already (a replay after reconnecting)
          // may one be this member's, from another device.
          me.voted = false;
          me.choice = "";
          if (state.poll.voted > 0) {
            refreshMe();
          }
          drawMe();
        }
        draw[key]();
        if (key === "meeting") {
          drawQuestions(); // its buttons depend on the meeting's state
        }
      });
    });
  }
  // A connection that has gone quiet past two heartbeats is dead even if
  // the browser has not noticed (a phone that changed networks).
  setInterval(function () {
    if (es && es.readyState === EventSource.OPEN && Date.now() - heard > 40000) {
      connect();
    }
  }, 5000);

  drawAll();
  connect();
  if (pending && state.poll && pending.poll === state.poll.id && state.poll.state === "open") {
    sendBallot(); // a ballot sent before a reload had no answer yet
  }
})();
