// Live countdowns: the page already shows each due time; this only ticks the "time left" text.
(function () {
  "use strict";
  var body = document.body;
  // The sentence and the day unit come translated from the page, so word order follows the language.
  var leftTemplate = body.getAttribute("data-time-left") || "%(time)s left";
  var daysTemplate = body.getAttribute("data-days") || "%(days)sd";
  var overdueWord = body.getAttribute("data-overdue") || "overdue";
  var started = Date.now();
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function text(seconds) {
    if (seconds <= 0) { return overdueWord; }
    var d = Math.floor(seconds / 86400), h = Math.floor((seconds % 86400) / 3600);
    var m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    var clock = pad(h) + ":" + pad(m) + ":" + pad(s);
    var time = d > 0 ? daysTemplate.replace("%(days)s", String(d)) + " " + clock : clock;
    return leftTemplate.replace("%(time)s", time);
  }
  function tick() {
    var elapsed = Math.floor((Date.now() - started) / 1000);
    var items = document.querySelectorAll("[data-seconds-left]");
    for (var i = 0; i < items.length; i++) {
      var el = items[i];
      var left = parseInt(el.getAttribute("data-seconds-left"), 10) - elapsed;
      el.textContent = text(left);
      el.classList.toggle("overdue", left <= 0);
      el.classList.toggle("soon", left > 0 && left < 6 * 3600);
      el.setAttribute("data-live", "1");
    }
  }
  tick();
  window.setInterval(tick, 1000);
})();
