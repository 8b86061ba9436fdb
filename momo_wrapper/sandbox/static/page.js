// The sandbox page: polls GET /_sandbox/page once a second and renders it.
// Every value goes into the DOM through textContent or form values, never as markup.
"use strict";

(function () {
  const POLL_MS = 1000;
  const TOKEN_KEY = "momo-sandbox-admin-token";
  const $ = (id) => document.getElementById(id);
  let latest = null;
  let selected = null; // {product, reference_id}
  const rendered = {};

  // An admin token arrives once in the URL fragment (never sent to the server, never logged).
  function takeToken() {
    const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
    if (match) {
      sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
  }
  takeToken();
  window.addEventListener("hashchange", () => { takeToken(); refresh(); });

  function headers() {
    const result = { "Content-Type": "application/json" };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) result["X-Sandbox-Admin-Token"] = token;
    return result;
  }

  async function call(method, path, body) {
    const response = await fetch("/_sandbox" + path, {
      method: method,
      headers: headers(),
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) {
      const message = data && data.error ? data.error : "HTTP " + response.status;
      throw new Error(message);
    }
    return data;
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function cell(row, value, className) {
    const td = el("td", value === null || value === undefined ? "" : value, className);
    row.appendChild(td);
    return td;
  }

  function time(seconds) {
    if (seconds === null || seconds === undefined || !isFinite(seconds)) return "";
    return new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 19);
  }

  function option(value) {
    const node = el("option", value);
    node.value = value;
    return node;
  }

  function button(label, accessibleName, onClick) {
    const b = el("button", label);
    b.type = "button";
    b.setAttribute("aria-label", accessibleName);
    b.addEventListener("click", onClick);
    return b;
  }

  // Re-render a section only when its data changed, so focus and typing are not disturbed.
  function changed(name, value) {
    const text = JSON.stringify(value);
    if (rendered[name] === text) return false;
    rendered[name] = text;
    return true;
  }

  function status(node, text, isError) {
    node.textContent = text;
    node.classList.toggle("error", Boolean(isError));
  }

  // -- transactions ----------------------------------------------------------------------------

  function visibleTransactions() {
    const product = $("filter-product").value;
    const wanted = $("filter-status").value;
    const needle = $("filter-search").value.trim().toLowerCase();
    return latest.transactions.slice().reverse().filter((tx) => {
      if (product && tx.product !== product) return false;
      if (wanted && tx.status !== wanted) return false;
      if (!needle) return true;
      return [tx.reference_id, tx.external_id, tx.party, tx.operation, tx.payer_message, tx.reason]
        .some((v) => v !== null && v !== undefined && String(v).toLowerCase().includes(needle));
    });
  }

  function renderTransactions() {
    const rows = visibleTransactions();
    if (!changed("transactions", rows)) return;
    const body = $("transactions").tBodies[0];
    body.replaceChildren();
    for (const tx of rows) {
      const row = el("tr");
      row.dataset.reference = tx.reference_id;
      cell(row, tx.product);
      cell(row, tx.operation);
      cell(row, tx.reference_id, "mono");
      cell(row, tx.external_id);
      cell(row, tx.amount === null ? "" : tx.amount + " " + (tx.currency || ""), "num");
      cell(row, tx.party, "mono");
      cell(row, tx.status, "status status-" + String(tx.status).toLowerCase());
      cell(row, tx.reason);
      cell(row, time(tx.created_at), "time");
      cell(row, time(tx.updated_at), "time");
      cell(row, tx.post_count, "num");
      cell(row, tx.payer_message, "message");
      const actions = cell(row, "");
      if (tx.payer_actionable) {
        actions.appendChild(button("Act as payer", "Act as payer for " + tx.reference_id, () => select(tx)));
      }
      body.appendChild(row);
    }
    $("transactions-empty").hidden = latest.transactions.length > 0;
    renderPayer();
  }

  function select(tx) {
    selected = { product: tx.product, reference_id: tx.reference_id };
    renderPayer();
    $("payer").hidden = false;
    $("payer-pin").focus();
  }

  function renderPayer() {
    if (!selected || !latest) return;
    const tx = latest.transactions.find(
      (t) => t.product === selected.product && t.reference_id === selected.reference_id);
    if (!tx) return;
    $("payer-ref").textContent = tx.reference_id;
    $("payer-summary").textContent = tx.operation + ", " + (tx.amount || "") + " " +
      (tx.currency || "") + " from " + (tx.party || "?") + ": " + tx.status +
      (tx.reason ? " (" + tx.reason + ")" : "");
    for (const id of ["payer-approve", "payer-decline", "payer-fail", "payer-expire"]) {
      $(id).disabled = !tx.payer_actionable;
    }
  }

  async function payerAction(action, body) {
    if (!selected) return;
    try {
      await call("POST", "/transactions/" + selected.product + "/" + selected.reference_id +
        "/" + action, body || {});
      $("payer-pin").value = "";
      await refresh();
    } catch (error) {
      status($("payer-summary"), error.message, true);
    }
  }

  // -- callbacks -------------------------------------------------------------------------------

  function renderCallbacks() {
    const items = latest.callbacks.slice().reverse();
    status($("drop-status"), latest.drop_next ? "dropping the next " + latest.drop_next : "");
    if (!changed("callbacks", items)) return;
    const body = $("callbacks").tBodies[0];
    body.replaceChildren();
    for (const item of items) {
      const row = el("tr");
      cell(row, item.index, "num");
      cell(row, item.product + " " + item.operation);
      cell(row, item.reference_id, "mono");
      cell(row, item.method);
      cell(row, item.url, "mono url");
      const bodyCell = cell(row, "");
      bodyCell.appendChild(el("code", JSON.stringify(item.body)));
      cell(row, item.response_status === null ? (item.lost ? "not sent" : "…") : item.response_status, "num");
      cell(row, item.latency === null ? "" : (item.latency * 1000).toFixed(1) + " ms", "num");
      cell(row, item.refused || item.error || item.note || "");
      const redo = cell(row, "");
      redo.appendChild(button("Redeliver", "Redeliver callback " + item.index, async () => {
        try { await call("POST", "/callbacks/" + item.index + "/redeliver", {}); await refresh(); }
        catch (error) { status($("drop-status"), error.message, true); }
      }));
      body.appendChild(row);
    }
    $("callbacks-empty").hidden = items.length > 0;
  }

  // -- faults ----------------------------------------------------------------------------------

  function faultDetails(rule) {
    if (rule.kind === "status") {
      return "HTTP " + rule.status + (rule.retry_after !== undefined ? ", Retry-After " + rule.retry_after + " s" : "") +
        (rule.after_processing ? " after processing" : "");
    }
    if (rule.kind === "latency") return rule.seconds + " s delay";
    return rule.kind;
  }

  function renderFaults() {
    const select = $("fault-operation");
    if (select.options.length === 1) {
      for (const op of latest.operations) select.appendChild(option(op));
      select.value = "RequesttoPay";
    }
    if (!changed("faults", latest.faults)) return;
    const body = $("faults").tBodies[0];
    body.replaceChildren();
    for (const rule of latest.faults) {
      const row = el("tr");
      cell(row, rule.id, "num");
      cell(row, rule.kind);
      cell(row, rule.operation || rule.path || "any");
      cell(row, faultDetails(rule));
      cell(row, rule.fired, "num");
      cell(row, rule.remaining === null ? "until cleared" : rule.remaining, "num");
      const remove = cell(row, "");
      remove.appendChild(button("Remove", "Remove fault " + rule.id, async () => {
        await call("DELETE", "/faults/" + rule.id);
        await refresh();
      }));
      body.appendChild(row);
    }
    $("faults-empty").hidden = latest.faults.length > 0;
  }

  function faultSpec() {
    const kind = $("fault-kind").value;
    const operation = $("fault-operation").value || undefined;
    const times = parseInt($("fault-count").value, 10);
    const spec = { times: times };
    if (kind === "429") Object.assign(spec, { kind: "status", status: 429, retry_after: parseFloat($("fault-retry").value), operation: operation });
    else if (kind === "5xx") Object.assign(spec, { kind: "status", status: parseInt($("fault-status").value, 10), operation: operation });
    else if (kind === "drop") Object.assign(spec, { kind: "drop", operation: operation });
    else if (kind === "latency") Object.assign(spec, { kind: "latency", seconds: parseFloat($("fault-seconds").value), operation: operation });
    else if (kind === "token") Object.assign(spec, { kind: "status", status: parseInt($("fault-status").value, 10), operation: "CreateAccessToken" });
    return spec;
  }

  // -- users, tokens, clock ------------------------------------------------------------------

  function renderUsers() {
    if (changed("users", [latest.users, latest.token_requests, latest.tokens_issued])) {
      const body = $("users").tBodies[0];
      body.replaceChildren();
      for (const user of latest.users) {
        const row = el("tr");
        cell(row, user.user_id, "mono");
        cell(row, user.product);
        cell(row, user.callback_host);
        cell(row, user.api_key || "none yet", "mono");
        body.appendChild(row);
      }
      const tokens = $("tokens").tBodies[0];
      tokens.replaceChildren();
      for (const product of Object.keys(latest.token_requests)) {
        const row = el("tr");
        cell(row, product);
        cell(row, latest.subscription_keys[product], "mono");
        cell(row, latest.token_requests[product], "num");
        cell(row, latest.tokens_issued[product], "num");
        tokens.appendChild(row);
      }
    }
    $("clock-now").textContent = time(latest.now) + " UTC";
    $("clock-mode").textContent = latest.follows_real_time ? "(follows real time)" : "(frozen between advances)";
  }

  // -- polling ---------------------------------------------------------------------------------

  async function refresh() {
    try {
      latest = await call("GET", "/page");
      status($("connection"), "live · " + latest.transactions.length + " transactions · updated " + new Date().toLocaleTimeString());
    } catch (error) {
      status($("connection"), "cannot read the sandbox: " + error.message, true);
      return;
    }
    if ($("payer-reason").options.length === 0) {
      for (const reason of latest.failure_reasons) $("payer-reason").appendChild(option(reason));
    }
    renderTransactions();
    renderCallbacks();
    renderFaults();
    renderUsers();
  }

  function showTab(tab) {
    for (const other of document.querySelectorAll('[role="tab"]')) {
      const active = other === tab;
      other.setAttribute("aria-selected", String(active));
      other.tabIndex = active ? 0 : -1;
      $(other.getAttribute("aria-controls")).hidden = !active;
    }
  }

  function wire() {
    const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
    tabs.forEach((tab, index) => {
      tab.addEventListener("click", () => showTab(tab));
      tab.addEventListener("keydown", (event) => {
        let next = null;
        if (event.key === "ArrowRight") next = tabs[(index + 1) % tabs.length];
        if (event.key === "ArrowLeft") next = tabs[(index - 1 + tabs.length) % tabs.length];
        if (event.key === "Home") next = tabs[0];
        if (event.key === "End") next = tabs[tabs.length - 1];
        if (next) { event.preventDefault(); showTab(next); next.focus(); }
      });
    });
    for (const id of ["filter-product", "filter-status", "filter-search"]) {
      $(id).addEventListener("input", () => latest && renderTransactions());
    }
    $("payer-approve").addEventListener("click", () => payerAction("approve", { pin: $("payer-pin").value }));
    $("payer-decline").addEventListener("click", () => payerAction("decline"));
    $("payer-fail").addEventListener("click", () => payerAction("fail", { reason: $("payer-reason").value }));
    $("payer-expire").addEventListener("click", () => payerAction("expire"));
    $("payer-close").addEventListener("click", () => { selected = null; $("payer").hidden = true; });
    $("drop-apply").addEventListener("click", async () => {
      try {
        await call("POST", "/callbacks/drop", { count: parseInt($("drop-count").value, 10) });
        await refresh();
      } catch (error) { status($("drop-status"), error.message, true); }
    });
    $("fault-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const rule = await call("POST", "/faults", faultSpec());
        status($("fault-message"), "added fault " + rule.id);
        await refresh();
      } catch (error) { status($("fault-message"), error.message, true); }
    });
    $("fault-clear").addEventListener("click", async () => {
      await call("DELETE", "/faults");
      status($("fault-message"), "all faults cleared");
      await refresh();
    });
    $("clock-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const result = await call("POST", "/clock/advance", { seconds: parseFloat($("clock-seconds").value) });
        status($("clock-message"), "clock now " + time(result.now) + " UTC");
        await refresh();
      } catch (error) { status($("clock-message"), error.message, true); }
    });
  }

  wire();
  refresh();
  window.setInterval(refresh, POLL_MS);
})();
