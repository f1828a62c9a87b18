// Logging without a network (docs/offline.md).
// - Registers the service worker and keeps, for the signed-in person, the offline form and
//   their choice lists in the "loa-user" cache (the worker shows that form when a page
//   cannot load).
// - Offline, the activity form saves into a queue in IndexedDB, photos shrunk first; the
//   page lists what waits and since when.
// - Online (and on «Gửi ngay») each queued activity is sent once: it carries its own
//   submission key, which the server records with what it created, so a repeat is answered
//   with the first result. A refusal stays in the queue with the server's reasons.
// - Online, the page sends the form itself but keeps a copy until a later page knows the
//   POST arrived (a weak signal loses POSTs while the browser believes it is online).
// - Logging out asks before dropping unsent activities, then empties the person's queue and
//   the caches.
(() => {
  const body = document.body;
  const config = {
    worker: body.dataset.offlineWorker,
    choices: body.dataset.offlineChoices,
    shell: body.dataset.offlineShell,
    send: body.dataset.offlineSend,
    form: body.dataset.offlineForm,
    recorded: body.dataset.offlineRecorded,
    login: body.dataset.offlineLogin,
  };
  if (!config.worker || !("serviceWorker" in navigator) || !("indexedDB" in window)) return;

  const shellPage = body.hasAttribute("data-offline-page");
  const USER_CACHE = "loa-user";
  const KEPT = "loa-offline-kept";
  const LONG_SIDE = 1600;
  let user = body.dataset.offlineUser || null;

  // ---------------------------------------------------------------- the queue (IndexedDB)

  let database = null;

  function openDatabase() {
    if (database) return Promise.resolve(database);
    return new Promise((resolve, reject) => {
      const request = indexedDB.open("loa-offline", 1);
      request.onupgradeneeded = () => request.result.createObjectStore("queue", { keyPath: "key" });
      request.onsuccess = () => {
        database = request.result;
        database.onversionchange = () => { database.close(); database = null; };
        resolve(database);
      };
      request.onerror = () => reject(request.error);
    });
  }

  async function store(mode, work) {
    const db = await openDatabase();
    return new Promise((resolve, reject) => {
      const transaction = db.transaction("queue", mode);
      const request = work(transaction.objectStore("queue"));
      transaction.oncomplete = () => resolve(request ? request.result : undefined);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  }

  const queue = {
    async mine() {
      const items = await store("readonly", (s) => s.getAll());
      return items
        .filter((item) => String(item.user) === String(user))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    get: (key) => store("readonly", (s) => s.get(key)),
    put: (item) => store("readwrite", (s) => s.put(item)),
    remove: (key) => store("readwrite", (s) => s.delete(key)),
  };

  // ---------------------------------------------------------------- what is kept (Cache API)

  async function keep() {
    // The page, not the worker, keeps these: it knows who is signed in, and a page loaded
    // before the worker took control could not have them kept by the worker.
    if (shellPage || !user || !navigator.onLine || !("caches" in window)) return;
    const onForm = Boolean(document.querySelector("form[data-offline-queueing]"));
    const last = JSON.parse(localStorage.getItem(KEPT) || "{}");
    if (!onForm && last.user === user && Date.now() - last.at < 15 * 60 * 1000) return;
    try {
      const cache = await caches.open(USER_CACHE);
      for (const url of [config.choices, config.shell]) {
        const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
        // Signed out meanwhile: the login page must not stand in for the person's lists.
        if (!response.ok || response.redirected) return;
        await cache.put(url, response);
      }
      localStorage.setItem(KEPT, JSON.stringify({ user, at: Date.now() }));
    } catch (error) {
      // The network dropped while keeping: the previous copies stay.
    }
  }

  async function keptChoices() {
    if (!("caches" in window)) return null;
    const response = await caches.match(config.choices, { cacheName: USER_CACHE });
    return response ? response.json() : null;
  }

  async function forget() {
    // Only the person's own activities: another account's, left when its session expired
    // on a shared phone, wait for their author (who alone sees and sends them).
    for (const item of await queue.mine()) await queue.remove(item.key);
    if (database) {
      database.close();
      database = null;
    }
    if ("caches" in window) {
      for (const name of await caches.keys()) {
        if (name.startsWith("loa-")) await caches.delete(name);
      }
    }
    localStorage.removeItem(KEPT);
  }

  // ---------------------------------------------------------------- photos

  async function shrink(file) {
    // Photos are shrunk to LONG_SIDE px on their long side as JPEG: a phone's 4,000 px photo
    // would take minutes on a weak signal. PDFs and what the browser cannot decode are kept
    // as they are; the server says if they are refused.
    const kept = { name: file.name, type: file.type, blob: file };
    if (!file.type.startsWith("image/") || file.type === "image/svg+xml") return kept;
    let bitmap;
    try {
      bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch (error) {
      return kept;
    }
    const scale = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.type === "image/jpeg") return kept;
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff"; // transparent parts of a PNG become white, not black
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
    if (!blob) return kept;
    return { name: file.name.replace(/\.[^.]*$/, "") + ".jpg", type: "image/jpeg", blob };
  }

  // ---------------------------------------------------------------- the form

  const form = document.querySelector("form[data-offline-queueing]");
  const SKIPPED = new Set(["csrfmiddlewaretoken", "submission_key"]);

  async function itemFrom(form, submitter) {
    const fields = [];
    for (const [name, value] of new FormData(form).entries()) {
      if (!SKIPPED.has(name) && !(value instanceof File)) fields.push([name, value]);
    }
    const files = [];
    const input = form.querySelector("input[type=file][name=files]");
    for (const file of input ? input.files : []) files.push(await shrink(file));
    const value = (name) => (fields.find(([key]) => key === name) || [])[1] || "";
    return {
      key: crypto.randomUUID(),
      user,
      createdAt: new Date().toISOString(),
      title: value("title").trim(),
      date: value("date"),
      fields,
      files,
      button: submitter && submitter.name === "save_draft" ? "save_draft" : "submit",
      status: "waiting",
      reasons: [],
    };
  }

  function today() {
    const now = new Date();
    return [now.getDate(), now.getMonth() + 1].map((n) => String(n).padStart(2, "0")).join("/") +
      "/" + now.getFullYear();
  }

  function when(iso) {
    const at = new Date(iso);
    const two = (n) => String(n).padStart(2, "0");
    return `${two(at.getHours())}:${two(at.getMinutes())} ${two(at.getDate())}/${two(at.getMonth() + 1)}/${at.getFullYear()}`;
  }

  function option(label, value, data) {
    const element = new Option(label, value);
    Object.assign(element.dataset, data || {});
    return element;
  }

  function grouped(select, groups) {
    for (const [label, options] of groups) {
      const group = document.createElement("optgroup");
      group.label = label;
      group.append(...options);
      select.append(group);
    }
  }

  function check(name, value, label, id, data, inline) {
    const wrapper = document.createElement("div");
    wrapper.className = inline ? "form-check form-check-inline" : "form-check";
    const input = document.createElement("input");
    Object.assign(input, { type: "checkbox", name, value, id, className: "form-check-input" });
    Object.assign(input.dataset, data || {});
    const text = document.createElement("label");
    text.className = "form-check-label";
    text.htmlFor = id;
    text.textContent = label;
    wrapper.append(input, text);
    return wrapper;
  }

  function fillShell(kept) {
    // The offline form: the same fields as the page, with the person's kept choices.
    const unit = form.querySelector("select[name=unit]");
    for (const item of kept.units) unit.add(option(item.name, item.id));
    if (kept.units.length === 1) {
      unit.options[0].defaultSelected = true;
      unit.closest(".mb-3").hidden = true;
    }
    grouped(
      form.querySelector("select[data-role=assignment]"),
      kept.plans.map((plan) => [
        plan.label,
        kept.assignments
          .filter((a) => a.plan === plan.id)
          .map((a) => option(a.label, a.id, {
            plan: a.plan, units: a.units.join(","), forms: a.forms.join(","),
          })),
      ]),
    );
    const categories = new Map();
    for (const item of kept.forms) {
      if (!categories.has(item.category)) categories.set(item.category, []);
      categories.get(item.category).push(option(item.name, item.id, { measure: item.measure }));
    }
    grouped(form.querySelector("select[data-role=form]"), categories);
    const sections = form.querySelector("[data-role=sections]");
    const sectionsEmpty = sections.querySelector("[data-role=sections-empty]");
    for (const item of kept.sections) {
      sections.insertBefore(
        check("sections", item.id, item.label, `offline-section-${item.id}`, {
          plan: item.plan, depth: item.depth,
        }),
        sectionsEmpty,
      );
    }
    const groups = form.querySelector("[data-role=target-groups]");
    for (const item of kept.target_groups) {
      groups.append(check("target_groups", item.id, item.name, `offline-group-${item.id}`, {}, true));
    }
    form.querySelector("input[name=date]").defaultValue = today();
    form.querySelector("input[name=quantity]").defaultValue = "1";
    form.reset();
    form.hidden = false;
    form.dispatchEvent(new Event("loa:choices"));
  }

  function refill(item) {
    // «Sửa»: the refused activity back in the form, its photos included.
    form.reset();
    const values = new Map();
    for (const [name, value] of item.fields) {
      if (!values.has(name)) values.set(name, []);
      values.get(name).push(value);
    }
    for (const element of form.elements) {
      if (!element.name || !values.has(element.name) || SKIPPED.has(element.name)) continue;
      if (element.type === "checkbox") element.checked = values.get(element.name).includes(element.value);
      else if (element.type !== "file" && element.type !== "submit") element.value = values.get(element.name)[0];
    }
    const input = form.querySelector("input[type=file][name=files]");
    if (input && item.files.length) {
      const transfer = new DataTransfer();
      for (const file of item.files) transfer.items.add(new File([file.blob], file.name, { type: file.type }));
      input.files = transfer.files;
    }
    form.dataset.offlineEditing = item.key;
    const locked = form.hasAttribute("data-form-locked");
    form.setAttribute("data-form-locked", ""); // keep the form of outreach as it was
    form.dispatchEvent(new Event("loa:refresh"));
    if (!locked) form.removeAttribute("data-form-locked");
    say(`Đang sửa «${item.title || "hoạt động chưa đặt tên"}»: sửa theo lý do bị từ chối rồi bấm «Gửi duyệt» để gửi lại.`);
    form.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  async function keepWhileSending(event) {
    // Online, the page sends the form itself (errors shown next to the fields), but a weak
    // signal can lose that POST while the browser still believes it is online. A copy waits
    // in the queue under the form's own submission key, marked «sending», until a later page
    // learns how it went (see settle): recorded, shown back with errors, or to be sent again.
    // Its photos, shrunk for the copy, are also what the page sends.
    event.preventDefault();
    form.dataset.offlineKeeping = "1";
    const submitter = event.submitter;
    const item = await itemFrom(form, submitter);
    item.key = form.elements.submission_key.value;
    item.status = "sending";
    const input = form.querySelector("input[type=file][name=files]");
    if (input && item.files.some((file, i) => file.blob !== input.files[i])) {
      const shrunk = new DataTransfer();
      for (const file of item.files) shrunk.items.add(new File([file.blob], file.name, { type: file.type }));
      input.files = shrunk.files;
    }
    try {
      await queue.put(item);
    } catch (error) {
      // No room or no IndexedDB (a private window): send without the copy.
    }
    form.dataset.offlineKept = item.key;
    delete form.dataset.offlineKeeping;
    form.requestSubmit(submitter && submitter.form === form ? submitter : null);
  }

  if (form) {
    form.addEventListener("submit", async (event) => {
      // Online the page sends the form (keeping a copy); offline, and for a queued activity
      // being corrected, it goes to the queue.
      if (!shellPage && navigator.onLine && !form.dataset.offlineEditing) {
        if (form.dataset.offlineKeeping) event.preventDefault(); // a second click while keeping
        else if (user && !form.dataset.offlineKept && form.elements.submission_key) keepWhileSending(event);
        return;
      }
      event.preventDefault();
      if (!user) return;
      const item = await itemFrom(form, event.submitter);
      const editing = form.dataset.offlineEditing;
      if (editing) {
        const before = await queue.get(editing);
        item.key = editing; // never recorded by the server: it was refused
        if (before) item.createdAt = before.createdAt;
        delete form.dataset.offlineEditing;
      }
      await queue.put(item);
      form.reset();
      form.dispatchEvent(new Event("loa:refresh"));
      say(`Đã lưu «${item.title || "hoạt động chưa đặt tên"}» trên máy này, chờ gửi.`);
      await render();
      if (navigator.onLine) send();
    });
  }

  // ---------------------------------------------------------------- what the page shows

  function say(text, link) {
    const box = document.querySelector("[data-offline-sent]");
    if (!box) return;
    const line = document.createElement("div");
    line.textContent = text;
    if (link) {
      const anchor = document.createElement("a");
      anchor.href = link;
      anchor.className = "ms-1";
      anchor.textContent = "Xem";
      line.append(anchor);
    }
    box.append(line);
    box.hidden = false;
  }

  function itemRow(item) {
    const row = document.createElement("li");
    row.className = "border-top pt-2 mt-2";
    row.dataset.offlineItem = item.key;
    const head = document.createElement("div");
    head.className = "d-flex flex-wrap align-items-start gap-2";
    const text = document.createElement("div");
    text.className = "me-auto text-break";
    const title = document.createElement("strong");
    title.textContent = item.title || "(chưa đặt tên)";
    const meta = document.createElement("div");
    meta.className = "small text-body-secondary";
    const photos = item.files.length ? ` · ${item.files.length} ảnh/tệp` : "";
    meta.textContent = `Ngày thực hiện ${item.date || "—"}${photos} · lưu trên máy lúc ${when(item.createdAt)}`;
    const badge = document.createElement("span");
    const refused = item.status === "refused";
    badge.className = `badge ms-1 ${refused ? "text-bg-danger" : "text-bg-warning"}`;
    badge.textContent = refused ? "Bị từ chối" : "Chờ gửi";
    title.append(badge);
    text.append(title, meta);
    head.append(text);
    const actions = document.createElement("div");
    actions.className = "d-flex gap-1";
    if (refused && form) actions.append(button("Sửa", "btn-outline-primary", () => refill(item)));
    actions.append(button("Bỏ", "btn-outline-danger", () => discard(item)));
    head.append(actions);
    row.append(head);
    if (refused) {
      const reasons = document.createElement("ul");
      reasons.className = "small text-danger mb-0 mt-1";
      for (const reason of item.reasons) {
        const line = document.createElement("li");
        line.textContent = reason;
        reasons.append(line);
      }
      row.append(reasons);
    }
    return row;
  }

  function button(label, kind, action) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = `btn btn-sm ${kind}`;
    element.textContent = label;
    element.addEventListener("click", action);
    return element;
  }

  async function discard(item) {
    const name = item.title || "hoạt động chưa đặt tên";
    if (!window.confirm(`Bỏ «${name}»? Hoạt động này chưa được gửi và sẽ bị xoá khỏi máy này.`)) return;
    await queue.remove(item.key);
    if (form && form.dataset.offlineEditing === item.key) delete form.dataset.offlineEditing;
    render();
  }

  let note = "";

  async function render() {
    const banner = document.querySelector("[data-offline-banner]");
    if (banner) banner.hidden = navigator.onLine;
    const items = user ? await queue.mine() : [];
    const panel = document.querySelector("[data-offline-queue]");
    if (!panel) return renderNotice(items);
    panel.hidden = items.length === 0;
    if (!items.length) return;
    const waiting = items.filter((item) => item.status === "waiting");
    const refused = items.length - waiting.length;
    panel.querySelector("[data-role=queue-heading]").textContent =
      `Hoạt động chờ gửi (${items.length})`;
    const parts = [];
    if (waiting.length) {
      parts.push(`${waiting.length} hoạt động chờ gửi từ ${when(waiting[0].createdAt)}; ` +
        (navigator.onLine ? "đang có mạng, bấm «Gửi ngay» nếu chưa tự gửi." : "sẽ tự gửi khi có mạng."));
    }
    if (refused) parts.push(`${refused} hoạt động bị từ chối: sửa theo lý do bên dưới hoặc bỏ.`);
    if (note) parts.push(note);
    panel.querySelector("[data-role=queue-note]").textContent = parts.join(" ");
    panel.querySelector("[data-action=send-now]").hidden = !waiting.length;
    panel.querySelector("[data-role=queue-items]").replaceChildren(...items.map(itemRow));
  }

  function renderNotice(items) {
    // Other pages: a line pointing at the form, where the queue is listed.
    let notice = document.querySelector("[data-offline-notice]");
    if (!items.length) {
      if (notice) notice.remove();
      return;
    }
    if (!notice) {
      notice = document.createElement("div");
      notice.className = "alert alert-warning";
      notice.setAttribute("role", "status");
      notice.dataset.offlineNotice = "";
      document.querySelector("main").prepend(notice);
    }
    const refused = items.filter((item) => item.status === "refused").length;
    notice.textContent = `Có ${items.length} hoạt động ghi khi mất mạng chưa lên máy chủ` +
      (refused ? ` (${refused} bị từ chối)` : "") + ". ";
    const link = document.createElement("a");
    link.href = config.form;
    link.textContent = "Xem và gửi";
    notice.append(link);
  }

  // ---------------------------------------------------------------- sending

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  async function sendOne(key) {
    const item = await queue.get(key); // fresh: another tab may have sent it meanwhile
    if (!item || item.status !== "waiting") return "next";
    const data = new FormData();
    for (const [name, value] of item.fields) data.append(name, value);
    for (const file of item.files) data.append("files", file.blob, file.name);
    data.append(item.button, "");
    data.append("submission_key", item.key);
    let response;
    try {
      response = await fetch(config.send, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() },
      });
    } catch (error) {
      note = "Mất mạng khi đang gửi: sẽ gửi lại khi có mạng.";
      return "stop";
    }
    const json = (response.headers.get("Content-Type") || "").includes("json");
    if (response.ok && json) {
      const sent = await response.json();
      await queue.remove(item.key);
      say(`Đã gửi «${sent.title}» lên máy chủ.`, sent.url);
      return "next";
    }
    if (response.status === 422 && json) {
      item.status = "refused";
      item.reasons = (await response.json()).reasons;
      await queue.put(item);
      return "next";
    }
    if (response.ok && response.redirected && new URL(response.url).pathname !== config.login) {
      // Its key was first used by the page's own POST, which the server recorded: the repeat
      // is answered with that POST's result, the activity's page.
      await queue.remove(item.key);
      say(`Đã gửi «${item.title || "hoạt động chưa đặt tên"}» lên máy chủ.`, response.url);
      return "next";
    }
    if (response.ok) {
      note = "Phiên đăng nhập đã hết: hãy đăng nhập lại, các hoạt động vẫn chờ trên máy này.";
      return "stop";
    }
    if (response.status === 400) {
      item.status = "refused";
      item.reasons = [(await response.text()).trim() || "Máy chủ không nhận (mã 400)."];
      await queue.put(item);
      return "next";
    }
    note = `Máy chủ chưa nhận (mã ${response.status}): sẽ thử lại sau, hoặc bấm «Gửi ngay».`;
    return "stop";
  }

  async function settle() {
    // Copies kept while the page sent the form itself (keepWhileSending): on the page that
    // shows the same form back with its errors, the person has it in front of them; a copy
    // the server recorded is done; any other waits to be sent like one logged offline.
    const shown = form && form.hasAttribute("data-form-locked") && form.elements.submission_key;
    for (const item of await queue.mine()) {
      if (item.status !== "sending") continue;
      if (shown && shown.value === item.key) {
        await queue.remove(item.key);
        continue;
      }
      if (navigator.onLine) {
        try {
          const response = await fetch(config.recorded.replace("00000000-0000-0000-0000-000000000000", item.key), {
            credentials: "same-origin", cache: "no-store",
          });
          if (response.ok && (response.headers.get("Content-Type") || "").includes("json")) {
            await queue.remove(item.key);
            continue;
          }
        } catch (error) {
          // Unknown: sending it again with its key cannot make a second activity.
        }
      }
      item.status = "waiting";
      await queue.put(item);
    }
  }

  async function sendAll() {
    note = "";
    for (const item of await queue.mine()) {
      if (!navigator.onLine) break;
      if ((await sendOne(item.key)) === "stop") break;
    }
  }

  async function send() {
    if (!user || !navigator.onLine) return;
    // One tab sends at a time; the submission keys cover what slips through.
    if (navigator.locks) await navigator.locks.request("loa-offline-send", sendAll);
    else await sendAll();
    await render();
  }

  // ---------------------------------------------------------------- signing out

  document.addEventListener("submit", async (event) => {
    const logout = event.target;
    if (!logout.matches("form[data-offline-logout]") || logout.dataset.offlineCleared) return;
    event.preventDefault();
    const left = user ? (await queue.mine()).length : 0;
    if (left && !window.confirm(
      `Còn ${left} hoạt động ghi khi mất mạng chưa gửi lên máy chủ. Đăng xuất sẽ xoá chúng ` +
      "khỏi máy này. Vẫn đăng xuất?",
    )) return;
    try {
      await forget();
    } finally {
      logout.dataset.offlineCleared = "1";
      logout.submit();
    }
  }, true);

  // ---------------------------------------------------------------- start

  async function start() {
    if (shellPage) {
      const kept = await keptChoices();
      if (!kept) {
        document.querySelector("[data-offline-empty]").hidden = false;
        return;
      }
      user = String(kept.user);
      document.querySelector("[data-role=offline-who]").textContent = kept.name || "";
      fillShell(kept);
    }
    if (user) {
      navigator.serviceWorker.register(config.worker, { scope: "/" }).catch(() => {});
    }
    document.querySelector("[data-action=send-now]")?.addEventListener("click", send);
    window.addEventListener("online", () => { render(); send(); keep(); });
    window.addEventListener("offline", render);
    await settle();
    await render();
    await send();
    await keep();
  }

  // Back to a page kept by the browser (after a POST that never arrived): look again.
  window.addEventListener("pageshow", async (event) => {
    if (!event.persisted) return;
    if (form) delete form.dataset.offlineKept;
    await settle();
    await render();
    await send();
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
