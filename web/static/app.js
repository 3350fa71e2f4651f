// Small progressive enhancements; every page also works without JavaScript.
"use strict";

// Search: the form and the facet links fetch only the results block; the URL keeps query and filters.
// On a narrow screen the facets start folded, so the first results are in view.
function foldFacets() {
  const box = document.querySelector(".facet-box");
  if (box && window.matchMedia("(max-width: 820px)").matches && !box.querySelector(".facet-link.on")) {
    box.open = false;
  }
}

function searchPartial(url, push) {
  const results = document.getElementById("results");
  const target = new URL(url, location.href);
  const fetchUrl = new URL(target);
  fetchUrl.searchParams.set("partial", "1");
  results.setAttribute("aria-busy", "true");
  return fetch(fetchUrl, {headers: {"Accept": "text/html"}})
    .then((r) => r.text())
    .then((html) => {
      results.innerHTML = html;
      results.removeAttribute("aria-busy");
      foldFacets();
      if (push) history.pushState({}, "", target.pathname + target.search);
      const q = target.searchParams.get("q") || "";
      document.title = (q ? q + " · " : "") + "搜索 Search · 政策数据库";
    });
}

function initSearch() {
  const form = document.getElementById("search-form");
  const results = document.getElementById("results");
  if (!form || !results) return;
  foldFacets();
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = form.querySelector("[name=q]").value.trim();
    searchPartial("/?" + new URLSearchParams({q}).toString(), true);
  });
  results.addEventListener("click", (ev) => {
    const link = ev.target.closest("a[data-nav]");
    if (!link || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    ev.preventDefault();
    searchPartial(link.href, true).then(() => {
      const again = results.querySelector(`a[data-nav][data-value="${CSS.escape(link.dataset.value || "")}"]`);
      (again || results).focus && (again || results).focus();
    });
  });
  window.addEventListener("popstate", () => {
    form.querySelector("[name=q]").value = new URL(location.href).searchParams.get("q") || "";
    searchPartial(location.href, false);
  });
}

// Document view: a click on a highlighted fact shows it in the side list, and the other way round.
function flash(el) {
  el.classList.remove("flash");
  void el.offsetWidth;
  el.classList.add("flash");
}

function initDocument() {
  const text = document.querySelector(".doc-text");
  const side = document.querySelector(".fact-list");
  if (!text || !side) return;
  const showInList = (mark) => {
    const id = mark.dataset.facts.split(" ")[0];
    const item = document.getElementById("side-" + id);
    if (!item) return;
    item.scrollIntoView({block: "center", behavior: "smooth"});
    flash(item);
    item.querySelector("a").focus({preventScroll: true});
  };
  text.addEventListener("click", (ev) => {
    const mark = ev.target.closest("mark.fact");
    if (mark) showInList(mark);
  });
  text.addEventListener("keydown", (ev) => {
    const mark = ev.target.closest("mark.fact");
    if (mark && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); showInList(mark); }
  });
  side.addEventListener("click", (ev) => {
    const link = ev.target.closest("a[data-fact]");
    if (!link) return;
    ev.preventDefault();
    const id = link.dataset.fact;
    const marks = text.querySelectorAll(`mark.fact[data-facts~="${CSS.escape(id)}"]`);
    if (!marks.length) return;
    marks[0].scrollIntoView({block: "center", behavior: "smooth"});
    marks.forEach(flash);
    marks[0].focus({preventScroll: true});
    history.replaceState({}, "", "#f-" + id);
  });
  const cited = document.getElementById("cited");
  if (cited && location.hash === "#cited") cited.scrollIntoView({block: "center"});
}

// Checklist: print button.
function initPrint() {
  document.querySelectorAll("[data-print]").forEach((b) => b.addEventListener("click", () => window.print()));
}

// Upload: a progress bar while the files travel, then an indeterminate one while they are ingested.
function initUpload() {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const box = document.getElementById("upload-progress");
  const bar = document.getElementById("upload-bar");
  const status = document.getElementById("upload-status");
  const out = document.getElementById("upload-result");
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/upload?partial=1");
    box.hidden = false;
    bar.value = 0;
    status.textContent = "上传中 Uploading…";
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = (100 * e.loaded) / e.total; };
    xhr.upload.onload = () => { bar.removeAttribute("value"); status.textContent = "正在导入 Ingesting…"; };
    xhr.onload = () => {
      box.hidden = true;
      if (xhr.status < 300) {
        out.innerHTML = xhr.responseText;  // the server's escaped result block
      } else {
        let message = `HTTP ${xhr.status}`;
        try { message = JSON.parse(xhr.responseText).error.message; } catch (e) { /* not the JSON envelope */ }
        const p = document.createElement("p");
        p.className = "error";
        p.setAttribute("role", "alert");
        p.textContent = `上传失败 Upload failed: ${message}`;
        out.replaceChildren(p);
      }
      form.reset();
    };
    xhr.onerror = () => { box.hidden = true; out.innerHTML = '<p class="error" role="alert">网络错误 Network error</p>'; };
    xhr.send(new FormData(form));
  });
}

document.addEventListener("DOMContentLoaded", () => {
  initSearch();
  initDocument();
  initPrint();
  initUpload();
});
