// Small and dependency-free: drag-and-drop upload, and polling a JSON endpoint so a page
// follows its upload or case without websockets.
(function () {
  "use strict";

  function setupUpload(form) {
    var drop = form.querySelector("[data-drop]");
    var input = form.querySelector("input[type=file]");
    var chosen = form.querySelector("[data-chosen]");
    var status = form.querySelector("[data-upload-status]");
    var dropped = null;
    function show(name) { chosen.textContent = name ? "已选择：" + name : ""; }
    input.addEventListener("change", function () { dropped = null; show(input.files[0] && input.files[0].name); });
    ["dragenter", "dragover"].forEach(function (ev) {
      drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) {
      var f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
      if (!f) return;
      dropped = f;
      input.required = false;
      show(f.name);
    });
    form.addEventListener("submit", function (e) {
      if (!dropped) return; // the file picker: an ordinary form post
      e.preventDefault();
      var data = new FormData(form);
      data.set("file", dropped, dropped.name);
      status.textContent = "正在上传…";
      fetch(form.action, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRF-Token": form.querySelector("input[name=csrf]").value }
      }).then(function (r) { return r.json().then(function (j) { return [r.status, j]; }); })
        .then(function (res) {
          if (res[0] === 200 && res[1].url) { window.location.href = res[1].url; }
          else { status.textContent = "上传失败：" + (res[1].error || res[0]); }
        })
        .catch(function () { status.textContent = "上传失败，请检查网络后重试。"; });
    });
  }

  function poll(url, ms, onData) {
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (j) { if (j && onData(j) === false) return; setTimeout(tick, ms); })
        .catch(function () { setTimeout(tick, ms * 2); });
    }
    setTimeout(tick, ms);
  }

  function busy() {
    var a = document.activeElement;
    if (a && (a.tagName === "TEXTAREA" || a.tagName === "INPUT")) return true;
    return Array.prototype.some.call(document.querySelectorAll("textarea"), function (t) { return t.value.trim() !== ""; }) ||
      Array.prototype.some.call(document.querySelectorAll("input[type=file]"), function (t) { return t.files && t.files.length; });
  }

  // Ticked findings become the return comment, one numbered line each. A comment the
  // reviewer typed by hand is never overwritten.
  function setupPrefill() {
    var box = document.querySelector("[data-return-comment]");
    var picks = document.querySelectorAll("input[data-pick]");
    if (!box || !picks.length) return;
    var generated = "";
    function fill() {
      if (box.value.trim() !== "" && box.value !== generated) return;
      var lines = [];
      Array.prototype.forEach.call(picks, function (p) {
        if (p.checked) lines.push((lines.length + 1) + ". " + p.getAttribute("data-pick"));
      });
      generated = lines.length ? "请修改以下问题后重新上传：\n" + lines.join("\n") : "";
      box.value = generated;
    }
    Array.prototype.forEach.call(picks, function (p) { p.addEventListener("change", fill); });
  }

  // The inbox remembers its order, so `j` on a case page opens the next case of that list.
  var ORDER_KEY = "intake-inbox-order";
  function rememberInbox() {
    var links = document.querySelectorAll("[data-inbox] a[data-open]");
    if (!links.length) return;
    var hrefs = Array.prototype.map.call(links, function (a) { return a.getAttribute("href"); });
    try { sessionStorage.setItem(ORDER_KEY, JSON.stringify(hrefs)); } catch (e) { /* private mode */ }
  }
  function nextCase() {
    var links = document.querySelectorAll("[data-inbox] a[data-open]");
    if (links.length) { window.location.href = links[0].getAttribute("href"); return; }
    var order = [];
    try { order = JSON.parse(sessionStorage.getItem(ORDER_KEY) || "[]"); } catch (e) { order = []; }
    var i = order.indexOf(window.location.pathname);
    if (i >= 0 && i + 1 < order.length) window.location.href = order[i + 1];
    else if (order.length) window.location.href = "/inbox";
  }
  function setupShortcuts() {
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (t && (t.tagName === "TEXTAREA" || t.tagName === "INPUT" || t.tagName === "SELECT" || t.isContentEditable)) return;
      var approve = document.querySelector("[data-approve]");
      var ret = document.querySelector("[data-return-comment]");
      if (e.key === "j") { e.preventDefault(); nextCase(); }
      else if (e.key === "a" && approve) { e.preventDefault(); approve.scrollIntoView({ block: "center" }); approve.focus(); }
      else if (e.key === "r" && ret) { e.preventDefault(); ret.scrollIntoView({ block: "center" }); ret.focus(); }
    });
  }

  // A form with data-confirm asks before it is sent (approving a report that still has
  // errors, reminding every late body): a deliberate second step, not a one-click mistake.
  function setupConfirm() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-confirm]"), function (f) {
      f.addEventListener("submit", function (e) {
        if (!window.confirm(f.getAttribute("data-confirm"))) e.preventDefault();
      });
    });
  }

  // Inbox bulk actions: the buttons say how many cases are ticked and work only when some are.
  function setupBulk() {
    var form = document.querySelector("form[data-bulk]");
    if (!form) return;
    var picks = document.querySelectorAll("input[data-bulk-pick]:not([disabled])");
    var all = document.querySelector("input[data-bulk-all]");
    var count = form.querySelector("[data-bulk-count]");
    function update() {
      var n = Array.prototype.filter.call(picks, function (p) { return p.checked; }).length;
      count.textContent = "已选 " + n + " 件";
      Array.prototype.forEach.call(form.querySelectorAll("[data-bulk-action]"), function (b) { b.disabled = n === 0; });
      if (all) all.checked = n > 0 && n === picks.length;
    }
    Array.prototype.forEach.call(picks, function (p) { p.addEventListener("change", update); });
    if (all) all.addEventListener("change", function () {
      Array.prototype.forEach.call(picks, function (p) { p.checked = all.checked; });
      update();
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-upload]"), setupUpload);
    setupConfirm();
    setupBulk();
    setupPrefill();
    rememberInbox();
    setupShortcuts();

    var up = document.querySelector("[data-poll-upload]");
    if (up) {
      var label = up.querySelector("[data-upload-label] strong");
      var steps = up.querySelectorAll("ol.steps li");
      poll(up.getAttribute("data-poll-upload"), +up.getAttribute("data-poll-ms"), function (j) {
        label.textContent = j.label;
        if (j.state === "checking") { steps[0].className = "done"; steps[1].className = "current"; }
        if (j.state === "done" && j.url) { window.location.href = j.url; return false; }
      });
    }

    var c = document.querySelector("[data-poll-case]");
    if (c && !c.hasAttribute("data-final")) {
      var live = document.querySelector("[data-live]");
      var version = c.getAttribute("data-version");
      poll(c.getAttribute("data-poll-case"), +c.getAttribute("data-poll-ms"), function (j) {
        if (j.version === version) return;
        if (busy()) {
          live.hidden = false;
          live.innerHTML = "";
          live.appendChild(document.createTextNode("案件有更新（" + j.status_zh + "）。"));
          var a = document.createElement("a"); a.href = window.location.pathname; a.textContent = "刷新页面";
          live.appendChild(a);
          return false;
        }
        window.location.reload();
        return false;
      });
    }
  });
})();
