"use strict";
// The cashier's touch screen. It talks only to posapp on this machine (/api/...), which sells online or offline.

let token = document.querySelector('meta[name="screen-token"]').content;
const $ = id => document.getElementById(id);
const money = minor => (minor < 0 ? "−" : "") + (Math.abs(minor) / 100).toFixed(2);

const reasons = {
  insufficientFunds: "Not enough balance",
  walletBlocked: "This wallet is blocked",
  walletFlagged: "This wallet is held for review",
  badCredential: "Wristband or QR code not valid",
  unknownWristband: "Wristband not known here",
  unknownWallet: "Wallet not known",
  unknownWalletOffline: "Wallet not known offline: the network is needed",
  offlineAllowanceExceeded: "Over this wallet's offline limit: the network is needed",
  qrNotVerifiableOffline: "QR codes need the network until the terminal has synced",
  pinOnlineOnly: "A PIN needs the network",
  gatewayUnreachable: "No answer from the network",
};

const refundReasons = {
  "refund-window-closed": "Too long after the sale for the terminal: an organizer refunds it",
  "refund-exceeds-charge": "More than is left of the sale",
  "charge-not-found": "The ledger has no approved charge for this sale",
  "other-device": "Another terminal sold it",
  gatewayUnreachable: "No answer from the network",
};

const saleStates = {
  pending: "to sync",
  approved: "approved",
  applied: "synced",
  declined: "declined",
  rejected: "held for review",
};

let catalog = [];
let recent = [];
let refunding = null; // the sale the refund dialog is open for, the refund's key, and the cups of a refund asked again
const unconfirmedRefunds = new Map(); // seq -> { key, cups } of a refund that got no answer: asked again under the same key
let refundCups = 1;
let catalogJson = "";
const basket = new Map(); // item id -> quantity, in the order added
let cups = 0;
let tip = 0;
let ageChecked = false;
let saleKey = null;
let selling = false;
let scanner = null; // the camera loop, while it runs

// posapp makes a new token each time it starts: after a restart the page takes the new one from its own address and
// sends the request again, so an open page (its basket, and the key of a sale it may have to ask about again) carries on.
async function api(path, body, retried = false) {
  const response = await fetch(path, {
    method: body ? "POST" : "GET",
    headers: body ? { "X-Screen-Token": token, "Content-Type": "application/json" } : { "X-Screen-Token": token },
    body: body ? JSON.stringify(body) : undefined,
  }).catch(() => {
    throw new Error("The terminal does not answer: try again in a moment (the same sale is asked about, never charged twice).");
  });
  if (response.status === 403 && !retried) {
    const page = await (await fetch("/")).text();
    token = new DOMParser().parseFromString(page, "text/html").querySelector('meta[name="screen-token"]').content;
    return api(path, body, true);
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(data.error || `The terminal answered ${response.status}.`);
  }
  return data;
}

const itemOf = id => catalog.find(item => item.item === id);
const cupDeposit = () => {
  const deposits = [...new Set(catalog.filter(item => item.deposit > 0).map(item => item.deposit))];
  return deposits.length === 1 ? deposits[0] : 0;
};
const total = () => [...basket].reduce((sum, [id, quantity]) => sum + quantity * (itemOf(id).price + itemOf(id).deposit), 0) - cups * cupDeposit() + tip;

async function refreshState() {
  try {
    const state = await api("/api/state");
    $("stand").textContent = state.stand;
    $("device").textContent = `terminal ${state.deviceId}`;
    $("link").dataset.state = state.online ? "online" : "offline";
    $("link-text").textContent = state.online ? "Online" : "Offline";
    $("backlog").textContent = state.backlog > 0 ? ` · ${state.backlog} to sync` : "";
    recent = state.recent;
    renderRecent();
    const json = JSON.stringify(state.items);
    if (json !== catalogJson) {
      catalogJson = json;
      catalog = state.items;
      for (const id of [...basket.keys()]) {
        if (!itemOf(id)) {
          basket.delete(id);
        }
      }
      renderItems();
      renderBasket();
    }
  } catch {
    $("link").dataset.state = "unknown";
    $("link-text").textContent = "Terminal not answering";
  }
}

function renderItems() {
  const grid = $("items");
  grid.replaceChildren(...catalog.map(item => {
    const button = document.createElement("button");
    button.className = "item";
    button.dataset.item = item.item;
    const name = Object.assign(document.createElement("span"), { className: "name", textContent: item.name });
    const price = Object.assign(document.createElement("span"), { className: "price", textContent: money(item.price) });
    const badges = document.createElement("span");
    badges.className = "badges";
    if (item.deposit > 0) {
      badges.append(Object.assign(document.createElement("span"), { textContent: `+${money(item.deposit)} cup` }));
    }
    if (item.minimumAge > 0) {
      badges.append(Object.assign(document.createElement("span"), { className: "age", textContent: `${item.minimumAge}+` }));
    }
    button.append(name, price, badges);
    button.addEventListener("click", () => change(item.item, 1));
    return button;
  }));
  if (catalog.length === 0) {
    grid.textContent = "No items yet: the stand's catalog comes with the first sync.";
  }
}

function renderRecent() {
  $("recent").replaceChildren(...recent.map(sale => {
    const row = document.createElement("li");
    row.dataset.seq = `${sale.seq}`;
    const at = new Date(sale.createdAt);
    const refunded = sale.refunded > 0 ? ` (−${money(sale.refunded)})` : "";
    row.append(
      Object.assign(document.createElement("span"), { textContent: `#${sale.seq}` }),
      Object.assign(document.createElement("span"), { textContent: at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }) }),
      Object.assign(document.createElement("span"), { textContent: `${money(sale.amount)}${refunded}` }),
      Object.assign(document.createElement("span"), { className: `state-${sale.state}`, textContent: saleStates[sale.state] ?? sale.state }));
    if (sale.refundable) {
      const button = Object.assign(document.createElement("button"), { textContent: "Refund…" });
      button.addEventListener("click", () => openRefund(sale));
      row.append(button);
    }
    return row;
  }));
}

function openRefund(sale) {
  const again = unconfirmedRefunds.get(sale.seq);
  refunding = { sale, key: again?.key ?? crypto.randomUUID(), again };
  refundCups = 1;
  $("refund-title").textContent = `Refund sale #${sale.seq}`;
  $("refund-text").textContent = `${money(sale.amount)} charged` + (sale.refunded > 0 ? `, ${money(sale.refunded)} refunded or asked already` : "");
  $("refund-all").textContent = again ? "Ask again for the refund not confirmed" : `Everything left: ${money(sale.amount - sale.refunded)}`;
  $("refund-cups-row").hidden = sale.cups === 0 || again !== undefined;
  $("refund-cups").textContent = "1";
  $("refund-error").textContent = "";
  $("refund").hidden = false;
}

async function refund(cups) {
  if (selling || !refunding) {
    return;
  }
  selling = true;
  $("refund-error").textContent = "";
  try {
    const answer = await api("/api/refunds", { refundKey: refunding.key, seq: refunding.sale.seq, cups });
    if (answer.verdict === "unconfirmed") {
      unconfirmedRefunds.set(answer.seq, { key: refunding.key, cups });
    } else {
      unconfirmedRefunds.delete(answer.seq);
    }
    $("refund").hidden = true;
    refunding = null;
    showRefund(answer);
  } catch (error) {
    $("refund-error").textContent = error.message;
  } finally {
    selling = false;
    refreshState();
  }
}

function showRefund(answer) {
  const box = $("result-box");
  box.dataset.verdict = answer.verdict;
  $("verdict").textContent = { refunded: "REFUNDED", refused: "REFUND REFUSED", unconfirmed: "NOT CONFIRMED" }[answer.verdict];
  $("result-amount").textContent = money(answer.amount);
  $("result-detail").textContent =
    answer.verdict === "refunded" ? `Balance ${money(answer.balance)} · ${money(answer.refundable)} left of sale #${answer.seq}`
    : answer.verdict === "refused" ? refundReasons[answer.reason] ?? answer.reason
    : "No answer: refund it again, it is asked again under the same id and never paid twice";
  $("next").textContent = "Done";
  $("result").hidden = false;
  $("next").focus();
}

function change(id, by) {
  const quantity = (basket.get(id) ?? 0) + by;
  if (quantity > 0) {
    basket.set(id, quantity);
  } else {
    basket.delete(id);
  }
  ageChecked = false;
  renderBasket();
}

function renderBasket() {
  $("lines").replaceChildren(...[...basket].map(([id, quantity]) => {
    const item = itemOf(id);
    const line = document.createElement("li");
    line.dataset.item = id;
    const minus = Object.assign(document.createElement("button"), { className: "small", textContent: "−", ariaLabel: `One ${item.name} fewer` });
    const plus = Object.assign(document.createElement("button"), { className: "small", textContent: "+", ariaLabel: `One ${item.name} more` });
    minus.addEventListener("click", () => change(id, -1));
    plus.addEventListener("click", () => change(id, 1));
    line.append(
      Object.assign(document.createElement("span"), { textContent: item.name }),
      minus,
      Object.assign(document.createElement("output"), { className: "quantity", textContent: `${quantity}` }),
      plus,
      Object.assign(document.createElement("output"), { textContent: money(quantity * (item.price + item.deposit)) }));
    return line;
  }));
  $("cups-row").hidden = cupDeposit() === 0;
  $("cups").textContent = `${cups}`;
  $("tip").textContent = money(tip);
  const sum = total();
  $("total").textContent = money(sum);
  $("charge").disabled = sum <= 0;
  $("basket-hint").textContent = sum < 0 ? "Cups back alone are a refund, not a sale." : "";
}

function clearBasket() {
  basket.clear();
  cups = 0;
  tip = 0;
  ageChecked = false;
  renderBasket();
}

function charge() {
  const restricted = [...basket.keys()].map(itemOf).filter(item => item.minimumAge > 0);
  if (restricted.length > 0 && !ageChecked) {
    const age = Math.max(...restricted.map(item => item.minimumAge));
    $("age-text").textContent = `${restricted.map(item => item.name).join(", ")}: from age ${age} only. Check the buyer's ID.`;
    $("age").hidden = false;
    return;
  }
  saleKey = crypto.randomUUID();
  $("pay-amount").textContent = money(total());
  $("pay-error").textContent = "";
  $("scan").value = "";
  $("camera-start").hidden = !("BarcodeDetector" in window && navigator.mediaDevices);
  $("pay").hidden = false;
  $("scan").focus();
}

async function sell(scan) {
  if (selling || scan.trim() === "") {
    return;
  }
  selling = true;
  stopCamera();
  $("pay-error").textContent = "";
  try {
    const answer = await api("/api/sales", {
      saleKey,
      items: [...basket].map(([item, quantity]) => ({ item, quantity })),
      cupsBack: cups > 0 ? [{ item: null, cups }] : [],
      tip: tip > 0 ? tip : null,
      ageChecked,
      scan,
    });
    showResult(answer);
  } catch (error) {
    $("pay-error").textContent = error.message;
    $("scan").value = "";
    $("scan").focus();
  } finally {
    selling = false;
    refreshState();
  }
}

function showResult(answer) {
  $("pay").hidden = true;
  const box = $("result-box");
  box.dataset.verdict = answer.verdict;
  $("verdict").textContent = { approved: "APPROVED", declined: "DECLINED", unconfirmed: "NOT CONFIRMED" }[answer.verdict];
  $("result-amount").textContent = money(answer.amount);
  const balance = answer.balance == null ? "" : ` · balance ${money(answer.balance)}`;
  $("result-detail").textContent =
    answer.verdict === "approved" && answer.mode === "offline" ? "Offline: stored, and sent when the network is back"
    : answer.verdict === "approved" ? `Online${balance}`
    : answer.verdict === "declined" ? `${reasons[answer.reason] ?? answer.reason ?? "Declined"}${balance}`
    : "Do not hand over the goods yet: the terminal asks again when the network is back";
  $("next").textContent = answer.verdict === "declined" ? "Back to the basket" : "Next sale";
  if (answer.verdict !== "declined") {
    clearBasket();
  }
  $("result").hidden = false;
  $("next").focus();
}

async function startCamera() {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    const video = $("camera");
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const detector = new BarcodeDetector({ formats: ["qr_code"] });
    scanner = setInterval(async () => {
      const codes = await detector.detect(video).catch(() => []);
      if (codes.length > 0 && scanner) {
        sell(codes[0].rawValue);
      }
    }, 250);
  } catch (error) {
    $("pay-error").textContent = `The camera cannot be used: ${error.message}`;
    stopCamera();
  }
}

function stopCamera() {
  clearInterval(scanner);
  scanner = null;
  const video = $("camera");
  video.srcObject?.getTracks().forEach(track => track.stop());
  video.srcObject = null;
  video.hidden = true;
}

$("clear").addEventListener("click", clearBasket);
$("charge").addEventListener("click", charge);
$("cups-plus").addEventListener("click", () => { cups += 1; renderBasket(); });
$("cups-minus").addEventListener("click", () => { cups = Math.max(0, cups - 1); renderBasket(); });
document.querySelectorAll(".tip").forEach(button => button.addEventListener("click", () => { tip += Number(button.dataset.tip); renderBasket(); }));
$("tip-clear").addEventListener("click", () => { tip = 0; renderBasket(); });
$("age-ok").addEventListener("click", () => { ageChecked = true; $("age").hidden = true; charge(); });
$("age-cancel").addEventListener("click", () => { $("age").hidden = true; });
$("pay-cancel").addEventListener("click", () => { stopCamera(); $("pay").hidden = true; });
$("camera-start").addEventListener("click", startCamera);
// A keyboard-wedge reader (NFC or QR) types what it read into the focused field, then Enter.
$("scan").addEventListener("keydown", event => {
  if (event.key === "Enter") {
    event.preventDefault();
    sell($("scan").value);
  }
});
$("pay").addEventListener("click", event => { if (event.target.tagName !== "BUTTON") { $("scan").focus(); } });
$("next").addEventListener("click", () => { $("result").hidden = true; });
$("refund-all").addEventListener("click", () => refund(refunding.again ? refunding.again.cups : null));
$("refund-cups-go").addEventListener("click", () => refund(refundCups));
$("refund-cups-plus").addEventListener("click", () => { refundCups = Math.min(refunding.sale.cups, refundCups + 1); $("refund-cups").textContent = `${refundCups}`; });
$("refund-cups-minus").addEventListener("click", () => { refundCups = Math.max(1, refundCups - 1); $("refund-cups").textContent = `${refundCups}`; });
$("refund-cancel").addEventListener("click", () => { refunding = null; $("refund").hidden = true; });

renderBasket();
refreshState();
setInterval(refreshState, 1000);
