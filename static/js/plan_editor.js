// Loa plan editor: rows of every part (add, move, delete) and the content tree (indent,
// outdent, add a child). Everything stays in the one HTML form: rows keep their order in a
// hidden "position" input and sections their level in a hidden "depth" input, so a save that
// fails on the server comes back exactly as it was typed.
(function () {
  "use strict";

  const form = document.getElementById("plan-editor");
  if (!form) return;

  const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"];
  const LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p",
    "q", "r", "s", "t", "u", "v", "x", "y"];
  const KIND_HINTS = {
    purpose: "In thêm «1. Mục đích», «2. Yêu cầu» (phần Mục đích, yêu cầu ở trên) sau nội dung của mục.",
    forms: "In thêm các hình thức tuyên truyền (phần Hình thức bên dưới) thành các mục đánh số.",
    budget: "In thêm các nguồn kinh phí có số tiền (phần Kinh phí bên dưới).",
    assignments: "In thêm phân công của từng đơn vị (phần Phân công bên dưới) thành các mục đánh số.",
  };

  // ------------------------------------------------------------------ helpers
  const rowsOf = (container) => Array.from(container.querySelectorAll(":scope > [data-row]"));
  const live = (row) => !row.classList.contains("is-deleted");
  const input = (row, role) => row.querySelector(`[data-role="${role}"]`);
  const depthOf = (row) => parseInt(input(row, "depth")?.value || "0", 10) || 0;

  function setDepth(row, depth) {
    input(row, "depth").value = depth;
    row.style.setProperty("--depth", depth);
  }

  function renumberPositions(container) {
    rowsOf(container).forEach((row, index) => {
      const position = input(row, "position");
      if (position) position.value = index + 1;
    });
  }

  // The subtree of a section row: the row and the rows after it that are deeper.
  function subtree(row) {
    const rows = rowsOf(row.parentElement);
    const start = rows.indexOf(row);
    const depth = depthOf(row);
    const result = [row];
    for (let i = start + 1; i < rows.length; i++) {
      if (live(rows[i]) && depthOf(rows[i]) <= depth) break;
      result.push(rows[i]);
    }
    return result;
  }

  function previousSibling(row) {
    const rows = rowsOf(row.parentElement).filter(live);
    const depth = depthOf(row);
    for (let i = rows.indexOf(row) - 1; i >= 0; i--) {
      const d = depthOf(rows[i]);
      if (d === depth) return rows[i];
      if (d < depth) return null;
    }
    return null;
  }

  function nextSibling(row) {
    const rows = rowsOf(row.parentElement).filter(live);
    const depth = depthOf(row);
    const own = subtree(row).filter(live);
    for (let i = rows.indexOf(own[own.length - 1]) + 1; i < rows.length; i++) {
      const d = depthOf(rows[i]);
      if (d === depth) return rows[i];
      if (d < depth) return null;
    }
    return null;
  }

  function parentOf(row) {
    const rows = rowsOf(row.parentElement).filter(live);
    const depth = depthOf(row);
    for (let i = rows.indexOf(row) - 1; i >= 0; i--) {
      if (depthOf(rows[i]) < depth) return rows[i];
    }
    return null;
  }

  // ------------------------------------------------------------------ numbering
  // Labels that look automatic (I., 2., 2.1., a)) are renumbered after a move; anything
  // else the officer typed is left alone.
  const AUTO = /^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.|[a-zđ]\))$/;

  // The numbering of a level follows its parent: I. → 1. → a) (or 1.1. when the officer
  // numbers that way, as some communes do).
  function styleFor(parentLabel, depth, siblings) {
    if (depth === 0) return { kind: "roman" };
    if (/^[IVXLC]+\.$/.test(parentLabel)) return { kind: "arabic" };
    if (/^\d+(?:\.\d+)*\.$/.test(parentLabel)) {
      const nested = siblings.some((r) => /^\d+\.\d+(?:\.\d+)*\.$/.test(input(r, "label").value.trim()));
      return nested ? { kind: "nested", prefix: parentLabel } : { kind: "letter" };
    }
    return depth === 1 ? { kind: "arabic" } : { kind: "letter" };
  }

  function labelFor(style, index) {
    switch (style.kind) {
      case "roman": return `${ROMAN[index] || index + 1}.`;
      case "arabic": return `${index + 1}.`;
      case "nested": return `${style.prefix}${index + 1}.`;
      default: return `${LETTERS[index] || index + 1})`;
    }
  }

  function renumberLabels(container) {
    const rows = rowsOf(container).filter(live);
    const groups = new Map(); // parent row (or null) -> children in order
    rows.forEach((row) => {
      const parent = parentOf(row);
      if (!groups.has(parent)) groups.set(parent, []);
      groups.get(parent).push(row);
    });
    // Parents first, so nested labels (2.1.) use the parent's new number.
    rows.forEach((row) => {
      const parent = parentOf(row);
      const siblings = groups.get(parent);
      if (siblings[0] !== row) return;
      const parentLabel = parent ? input(parent, "label").value.trim() : "";
      const style = styleFor(parentLabel, depthOf(row), siblings);
      siblings.forEach((sibling, index) => {
        const label = input(sibling, "label");
        const current = label.value.trim();
        if (current === "" || AUTO.test(current)) label.value = labelFor(style, index);
      });
    });
  }

  function refreshTree(container) {
    rowsOf(container).forEach((row) => {
      row.style.setProperty("--depth", depthOf(row));
      const kind = input(row, "kind")?.value || "text";
      row.dataset.kind = kind;
      const hint = input(row, "kind-hint");
      if (hint) hint.textContent = KIND_HINTS[kind] || "";
    });
    renumberPositions(container);
  }

  // ------------------------------------------------------------------ rows
  function addRow(prefix, { after = null, depth = 0 } = {}) {
    const template = form.querySelector(`template[data-empty-row="${prefix}"]`);
    const total = form.querySelector(`#id_${prefix}-TOTAL_FORMS`);
    const index = parseInt(total.value, 10);
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    const row = holder.firstElementChild;
    const container = form.querySelector(`[data-rows="${prefix}"]`);
    if (after) after.after(row);
    else container.append(row);
    total.value = index + 1;
    if (input(row, "depth")) setDepth(row, depth);
    enhance(row);
    if (container.hasAttribute("data-tree")) {
      refreshTree(container);
      renumberLabels(container);
    } else {
      renumberPositions(container);
    }
    const focusable = row.querySelector("[data-role=title]")
      || row.querySelector("textarea, input:not([type=hidden]):not([type=checkbox]), select");
    if (focusable) focusable.focus();
    return row;
  }

  function deleteRow(row) {
    const container = row.parentElement;
    const tree = container.hasAttribute("data-tree");
    const rows = tree ? subtree(row) : [row];
    const typed = rows.some((r) =>
      Array.from(r.querySelectorAll("input[type=text], textarea")).some((el) => el.value.trim() !== ""));
    const question = rows.length > 1
      ? `Xóa mục này cùng ${rows.length - 1} mục con? Thay đổi chỉ có hiệu lực khi bạn bấm Lưu.`
      : "Xóa dòng này? Thay đổi chỉ có hiệu lực khi bạn bấm Lưu.";
    if (typed && !window.confirm(question)) return;
    rows.forEach((r) => {
      input(r, "delete").checked = true;
      r.classList.add("is-deleted");
    });
    if (tree) {
      refreshTree(container);
      renumberLabels(container);
    }
  }

  function move(row, direction) {
    const container = row.parentElement;
    if (container.hasAttribute("data-tree")) {
      const block = subtree(row);
      if (direction === "up") {
        const previous = previousSibling(row);
        if (!previous) return;
        block.forEach((r) => previous.before(r));
      } else {
        const next = nextSibling(row);
        if (!next) return;
        const nextBlock = subtree(next);
        nextBlock[nextBlock.length - 1].after(...block);
      }
      refreshTree(container);
      renumberLabels(container);
    } else {
      const rows = rowsOf(container).filter(live);
      const index = rows.indexOf(row);
      if (direction === "up" && index > 0) rows[index - 1].before(row);
      if (direction === "down" && index < rows.length - 1) rows[index + 1].after(row);
      renumberPositions(container);
    }
    row.querySelector(`[data-action="${direction}"]`)?.focus();
  }

  function indent(row) {
    if (!previousSibling(row)) return; // the first of its level has nothing to go under
    subtree(row).forEach((r) => setDepth(r, depthOf(r) + 1));
    refreshTree(row.parentElement);
    renumberLabels(row.parentElement);
  }

  function outdent(row) {
    const depth = depthOf(row);
    if (depth === 0) return;
    // The section leaves its parent: it moves after the parent's last descendant, so the
    // sections that followed it stay where they were.
    const parent = parentOf(row);
    const block = subtree(row);
    const parentBlock = subtree(parent);
    const last = parentBlock[parentBlock.length - 1];
    if (!block.includes(last)) last.after(...block);
    block.forEach((r) => setDepth(r, depthOf(r) - 1));
    refreshTree(row.parentElement);
    renumberLabels(row.parentElement);
  }

  function addChild(row) {
    const block = subtree(row);
    addRow(row.parentElement.dataset.rows, { after: block[block.length - 1], depth: depthOf(row) + 1 });
  }

  // ------------------------------------------------------------------ widgets
  function enhance(root) {
    if (typeof TomSelect !== "undefined") {
      root.querySelectorAll("select[data-role=document-select]").forEach((select) => {
        if (select.tomselect || select.closest("template")) return;
        const url = select.dataset.autocompleteUrl;
        new TomSelect(select, {
          valueField: "id",
          labelField: "text",
          searchField: [],
          maxOptions: 30,
          loadThrottle: 250,
          preload: "focus",
          placeholder: "Gõ số hiệu (57-NQ/TW) hoặc vài chữ của trích yếu…",
          closeAfterSelect: true,
          // The server filters and ranks (documents numbered like the query first): show
          // its answer as it is, not mixed with earlier answers or re-sorted here.
          score() { return () => 1; },
          sortField: [{ field: "$order" }],
          load(query, callback) {
            fetch(`${url}?q=${encodeURIComponent(query)}`, { headers: { Accept: "application/json" } })
              .then((response) => response.json())
              .then((json) => {
                this.clearOptions();
                callback(json.results);
              })
              .catch(() => callback());
          },
          render: {
            option: (data, escape) => `<div><div>${escape(data.text)}</div>${data.title
              ? `<div class="small text-body-secondary text-truncate">${escape(data.title)}</div>` : ""}</div>`,
            no_results: () => '<div class="no-results">Không tìm thấy trong sổ văn bản. Hãy nhập văn bản mới bên dưới.</div>',
            loading: () => '<div class="p-2 small text-body-secondary">Đang tìm…</div>',
          },
        });
      });
      root.querySelectorAll("select[data-role=unit-select]").forEach((select) => {
        if (select.tomselect || select.closest("template")) return;
        new TomSelect(select, {
          maxOptions: null,
          allowEmptyOption: true,
          closeAfterSelect: true,
        });
      });
    }
  }

  // ------------------------------------------------------------------ events
  form.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action]");
    if (!button || !form.contains(button)) return;
    const action = button.dataset.action;
    const row = button.closest("[data-row]");
    switch (action) {
      case "add-row": {
        const prefix = button.dataset.prefix;
        const container = form.querySelector(`[data-rows="${prefix}"]`);
        addRow(prefix, { depth: 0, after: container.hasAttribute("data-tree") ? null : null });
        break;
      }
      case "delete": deleteRow(row); break;
      case "up": case "down": move(row, action); break;
      case "indent": indent(row); break;
      case "outdent": outdent(row); break;
      case "add-child": addChild(row); break;
      case "toggle": {
        const panel = input(row, button.dataset.target);
        panel.classList.toggle("d-none");
        button.setAttribute("aria-expanded", String(!panel.classList.contains("d-none")));
        if (!panel.classList.contains("d-none")) panel.querySelector("select, input, textarea")?.focus();
        break;
      }
      default: return;
    }
    event.preventDefault();
  });

  form.addEventListener("change", (event) => {
    const target = event.target;
    if (target.matches("[data-role=kind]")) refreshTree(target.closest("[data-rows]"));
    if (target.name && target.name.endsWith("-includes_subunits")) {
      const kinds = input(target.closest("[data-row]"), "subunit-kinds");
      if (kinds) kinds.classList.toggle("d-none", !target.checked);
    }
  });

  // A double submit would post the same version twice; the second is refused anyway, but
  // there is no need to show that error.
  form.addEventListener("submit", () => {
    form.querySelectorAll("[data-rows]").forEach((container) => renumberPositions(container));
    form.querySelectorAll("button[type=submit]").forEach((button) => {
      setTimeout(() => { button.disabled = true; }, 0);
    });
  });

  // ------------------------------------------------------------------ folding parts
  // A folded part keeps its fields in the form (they are only hidden), so folding never
  // loses or skips anything on save. Following a link to a part opens it.
  function setFolded(part, folded) {
    part.classList.toggle("is-folded", folded);
    const button = part.querySelector(".editor-fold");
    if (!button) return;
    button.setAttribute("aria-expanded", String(!folded));
    button.textContent = folded ? "Mở ra" : "Thu gọn";
  }
  const parts = () => Array.from(form.querySelectorAll(".editor-part"));
  form.addEventListener("click", (event) => {
    const button = event.target.closest(".editor-fold");
    if (!button) return;
    const part = button.closest(".editor-part");
    setFolded(part, !part.classList.contains("is-folded"));
  });
  document.querySelectorAll("[data-editor-fold]").forEach((button) => {
    button.addEventListener("click", () => {
      const fold = button.dataset.editorFold === "all";
      parts().forEach((part) => setFolded(part, fold));
    });
  });
  function openTarget(hash) {
    const part = hash && document.getElementById(hash.slice(1));
    if (part && part.classList.contains("editor-part")) setFolded(part, false);
  }
  document.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#part-"]');
    if (link) openTarget(link.getAttribute("href"));
  });
  window.addEventListener("hashchange", () => openTarget(window.location.hash));

  enhance(form);
  form.querySelectorAll("[data-rows][data-tree]").forEach((container) => refreshTree(container));
  form.querySelectorAll("[data-rows]:not([data-tree])").forEach((container) => renumberPositions(container));
})();
