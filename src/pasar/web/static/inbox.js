// Live inbox: poll the conversation for new messages (the page works without this).
(function () {
  "use strict";
  var list = document.getElementById("messages");
  if (!list) { return; }
  var id = list.getAttribute("data-conversation");
  var last = parseInt(list.getAttribute("data-last-id"), 10) || 0;
  function add(m) {
    var li = document.createElement("li");
    li.className = "message from-" + m.sender;
    var who = document.createElement("span"); who.className = "sender"; who.textContent = m.sender;
    var t = document.createElement("time"); t.setAttribute("datetime", m.created_at);
    t.textContent = " " + new Date(m.created_at).toLocaleString();
    var p = document.createElement("p"); p.textContent = m.text;
    li.appendChild(who); li.appendChild(t); li.appendChild(p);
    list.appendChild(li);
  }
  function poll() {
    fetch("/seller/inbox/" + id + "/messages?after=" + last, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) { return; }
        body.messages.forEach(function (m) { add(m); last = Math.max(last, m.id); });
        list.setAttribute("data-last-id", String(last));
      })
      .catch(function () {});
  }
  window.setInterval(poll, 3000);
})();
