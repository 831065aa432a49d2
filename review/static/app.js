// smugglewatch review: keyboard shortcuts and evidence glosses. Served from /static (CSP: no inline script).
// j/k: next/previous (queue row or item), Enter/o: open the selected row, c/r/e: pick confirm/reject/escalate
// (Enter then submits the focused button), Esc: leave a text field. Post text is only ever read via textContent.
(function () {
  "use strict";

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  // ---- queue: a selectable list of rows -------------------------------------------------------
  function queueKeys() {
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-item]"));
    if (!rows.length) return null;
    var index = 0;
    function select(i) {
      rows[index].classList.remove("selected");
      rows[index].removeAttribute("aria-selected");
      index = Math.max(0, Math.min(rows.length - 1, i));
      rows[index].classList.add("selected");
      rows[index].setAttribute("aria-selected", "true");
      rows[index].scrollIntoView({ block: "nearest" });
    }
    select(0);
    return function (key) {
      if (key === "j") { select(index + 1); return true; }
      if (key === "k") { select(index - 1); return true; }
      if (key === "Enter" || key === "o") {
        var link = rows[index].querySelector("a.open");
        if (link) { window.location.assign(link.getAttribute("href")); }
        return true;
      }
      return false;
    };
  }

  // ---- item: navigate and pick a decision -----------------------------------------------------
  function itemKeys() {
    var panels = { c: "decide-confirm", r: "decide-reject", e: "decide-escalate" };
    return function (key) {
      if (key === "j" || key === "k") {
        var nav = document.querySelector(key === "j" ? "a[data-nav=next]" : "a[data-nav=prev]");
        if (nav) { window.location.assign(nav.getAttribute("href")); }
        return true;
      }
      if (panels[key]) {
        var form = document.getElementById(panels[key]);
        if (!form) return false;
        document.querySelectorAll(".decide form").forEach(function (f) { f.classList.remove("active"); });
        form.classList.add("active");
        var first = form.querySelector("[data-focus]") || form.querySelector("button[type=submit]");
        if (first) first.focus();
        return true;
      }
      return false;
    };
  }

  // ---- glosses: show the English gloss of an evidence span on hover or focus ------------------
  function glosses() {
    var tip = null;
    function show(mark) {
      hide();
      tip = document.createElement("div");
      tip.className = "gloss-tip";
      tip.setAttribute("role", "tooltip");
      tip.id = "gloss-tip";
      var kind = document.createElement("b");
      kind.textContent = (mark.getAttribute("data-kind") || "").replace(/_/g, " ");
      var text = document.createElement("span");
      text.textContent = mark.getAttribute("data-gloss") || "no glossary entry";
      tip.appendChild(kind);
      tip.appendChild(text);
      document.body.appendChild(tip);
      var box = mark.getBoundingClientRect();
      tip.style.left = Math.max(4, window.scrollX + box.left) + "px";
      tip.style.top = (window.scrollY + box.bottom + 6) + "px";
      mark.setAttribute("aria-describedby", "gloss-tip");
    }
    function hide() {
      if (tip) { tip.remove(); tip = null; }
    }
    document.querySelectorAll("mark.ev[data-kind]").forEach(function (mark) {
      mark.addEventListener("mouseenter", function () { show(mark); });
      mark.addEventListener("focus", function () { show(mark); });
      mark.addEventListener("mouseleave", hide);
      mark.addEventListener("blur", hide);
    });
  }

  // ---- confirmation prompts for forms that ask (bulk decisions) -------------------------------
  function confirmations() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
  }

  // ---- one decision per press: a second Enter while the page loads must not decide twice ---------
  function singleSubmit() {
    document.querySelectorAll("form[method=post]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.sent) { event.preventDefault(); return; }
        if (!event.defaultPrevented) form.dataset.sent = "1";
      });
    });
    window.addEventListener("pageshow", function (event) {  // back/forward cache: the forms may be used again
      if (event.persisted) document.querySelectorAll("form").forEach(function (f) { delete f.dataset.sent; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var page = document.body.getAttribute("data-page");
    var handler = page === "queue" ? queueKeys() : page === "item" ? itemKeys() : null;
    glosses();
    confirmations();
    singleSubmit();
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (typing(event.target)) {
        if (event.key === "Escape") event.target.blur();
        // Enter on a decision's select (the reject reason) submits that decision, like Enter on its button
        if (event.key === "Enter" && event.target.tagName === "SELECT" && event.target.closest(".decide form")) {
          event.preventDefault();
          event.target.form.requestSubmit();
        }
        return;
      }
      if (event.key === "Enter" && event.target && event.target.tagName === "BUTTON") return;
      if (event.key === "Enter" && page === "item") return;
      if (handler && handler(event.key)) event.preventDefault();
    });
  });
})();
