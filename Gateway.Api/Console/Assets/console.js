// The organizer console: live figures from the gateway's server-sent events, drawn with plain DOM and inline SVG.
(() => {
  "use strict";

  const base = "/console";
  const svgNs = "http://www.w3.org/2000/svg";
  const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const page = document.body.dataset.page;
  let leaving = false;
  let firstReviewCount = null;

  const formatMoney = minorUnits => money.format(minorUnits / 100);

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  }

  function ago(timestamp) {
    if (!timestamp) {
      return "never";
    }
    const seconds = Math.max(0, Math.round((Date.now() - Date.parse(timestamp)) / 1000));
    if (seconds < 120) {
      return `${seconds} s ago`;
    }
    return seconds < 7200 ? `${Math.round(seconds / 60)} min ago` : `${Math.round(seconds / 3600)} h ago`;
  }

  const clock = timestamp => new Date(timestamp).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

  function chart(standId, amounts) {
    const width = 300, height = 72, gap = 1;
    const max = Math.max(1, ...amounts);
    const bar = width / amounts.length;
    const svg = document.createElementNS(svgNs, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("class", "chart");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", `${standId}: amount sold per minute`);
    amounts.forEach((amount, index) => {
      if (amount === 0) {
        return;
      }
      const barHeight = Math.max(2, (amount / max) * (height - 4));
      const rect = document.createElementNS(svgNs, "rect");
      rect.setAttribute("x", (index * bar).toFixed(2));
      rect.setAttribute("y", (height - barHeight).toFixed(2));
      rect.setAttribute("width", Math.max(1, bar - gap).toFixed(2));
      rect.setAttribute("height", barHeight.toFixed(2));
      svg.append(rect);
    });
    const axis = document.createElementNS(svgNs, "line");
    axis.setAttribute("x1", "0");
    axis.setAttribute("x2", String(width));
    axis.setAttribute("y1", String(height - 0.5));
    axis.setAttribute("y2", String(height - 0.5));
    svg.append(axis);
    return svg;
  }

  function renderStands(snapshot) {
    const container = document.getElementById("stands");
    if (!container) {
      return;
    }
    container.replaceChildren(...(snapshot.stands.length === 0
      ? [el("p", { class: "empty" }, "No stands yet: enroll terminals to see their sales here.")]
      : snapshot.stands.map(stand => el("article", { class: "stand", "data-stand": stand.standId, "data-count": stand.count, "data-amount": stand.amount },
          el("h3", {}, stand.standId),
          el("p", { class: "total" }, `${stand.count} sales · ${formatMoney(stand.amount)}`),
          chart(stand.standId, stand.amountPerMinute),
          el("p", { class: "axis" }, el("span", {}, clock(snapshot.windowFrom)), el("span", {}, "now"))))));
    const notCharted = document.getElementById("stands-not-charted");
    notCharted.hidden = snapshot.standsNotCharted === 0;
    notCharted.textContent = `${snapshot.standsNotCharted} more stands with lower sales are not charted.`;
    const top = document.getElementById("top-stands");
    top.replaceChildren(...(snapshot.topStands.length === 0
      ? [el("li", { class: "empty" }, "No sales in the window yet.")]
      : snapshot.topStands.map(stand => el("li", { "data-stand": stand.standId },
          el("span", { class: "name" }, stand.standId), el("span", { class: "money" }, formatMoney(stand.amount)), el("span", { class: "count" }, `${stand.count} sales`)))));
    const items = document.getElementById("top-items");
    items.replaceChildren(...(snapshot.topItems.length === 0
      ? [el("li", { class: "empty" }, "No sales by item in the window yet.")]
      : snapshot.topItems.map(item => el("li", { "data-item": `${item.standId}/${item.itemId}` },
          el("span", { class: "name" }, `${item.itemId} · ${item.standId}`), el("span", { class: "money" }, formatMoney(item.amount)), el("span", { class: "count" }, `${item.quantity} sold`)))));
  }

  function renderExposure(snapshot) {
    for (const figure of document.querySelectorAll("[data-figure]")) {
      const value = snapshot.exposure[figure.dataset.figure];
      figure.textContent = figure.dataset.figure.endsWith("Amount") || figure.dataset.figure === "outstandingBalance" ? formatMoney(value) : String(value);
    }
    const news = document.getElementById("review-news");
    if (news) {
      firstReviewCount ??= snapshot.exposure.reviewOpenCount;
      news.hidden = snapshot.exposure.reviewOpenCount === firstReviewCount;
    }
  }

  function renderFleet(snapshot) {
    const body = document.querySelector("#fleet tbody");
    if (!body) {
      return;
    }
    body.replaceChildren(...(snapshot.fleet.length === 0
      ? [el("tr", { class: "empty" }, el("td", { colspan: "9" }, "No terminals enrolled yet."))]
      : snapshot.fleet.map(device => el("tr", { class: `level-${device.level} status-${device.status}`, "data-device": device.deviceId, "data-level": device.level },
          el("td", {}, el("a", { href: `${base}/devices/${encodeURIComponent(device.deviceId)}` }, device.deviceId)),
          el("td", {}, device.standId),
          el("td", {}, device.status),
          el("td", { "data-seen": device.lastSeenAt || "" }, ago(device.lastSeenAt)),
          el("td", { class: "number" }, String(device.ackedThrough)),
          el("td", { class: "number" }, String(device.highestSeq)),
          el("td", { class: "number" }, String(device.lag)),
          el("td", { class: "number" }, String(device.gaps)),
          el("td", { class: "number" }, String(device.offlineCharges))))));
  }

  function render(snapshot) {
    renderStands(snapshot);
    renderExposure(snapshot);
    renderFleet(snapshot);
  }

  function setLive(state) {
    const live = document.getElementById("live");
    if (live) {
      live.textContent = state;
      live.dataset.state = state;
    }
  }

  function listen() {
    const events = new EventSource(`${base}/events`);
    events.onopen = () => setLive("live");
    events.addEventListener("snapshot", event => render(JSON.parse(event.data)));
    // Signed out elsewhere or the client revoked: the page goes to the sign-in form, unless it is leaving already.
    events.addEventListener("ended", () => {
      events.close();
      if (!leaving) {
        window.location.assign(`${base}/sign-in`);
      }
    });
    events.onerror = () => {
      setLive("reconnecting");
      if (events.readyState === EventSource.CLOSED) {
        // Refused (session expired, or the gateway is busy): a reload signs in again or retries.
        setLive("offline");
        window.setTimeout(() => window.location.reload(), 5000);
      }
    };
  }

  // A form sent (signing out, say) is a navigation under way: the stream ending meanwhile must not start another.
  for (const form of document.querySelectorAll("form")) {
    form.addEventListener("submit", () => { leaving = true; });
  }

  // A decision button sends once; the server's answer is idempotent anyway.
  for (const form of document.querySelectorAll("form.once")) {
    form.addEventListener("submit", () => {
      for (const button of form.querySelectorAll("button")) {
        button.disabled = true;
      }
    });
  }

  for (const link of document.querySelectorAll("[data-nav]")) {
    link.classList.toggle("current", link.dataset.nav === page);
  }

  if (document.getElementById("live")) {
    listen();
    window.setInterval(() => {
      for (const cell of document.querySelectorAll("[data-seen]")) {
        cell.textContent = ago(cell.dataset.seen);
      }
    }, 1000);
  }
})();
