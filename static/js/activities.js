// Activity form: narrow assignments to the chosen unit, content sections to the assignment's
// plan, preselect the plan's first form and show the form's measure next to the quantity.
// The offline form (data-offline-shell-form) gets its options from offline.js first, which
// then sends "loa:choices"; "loa:refresh" narrows again after the form is reset or refilled.
(() => {
  const form = document.querySelector("form[data-activity-form]");
  if (!form) return;
  if (form.hasAttribute("data-offline-shell-form")) {
    form.addEventListener("loa:choices", () => setUp(form), { once: true });
  } else {
    setUp(form);
  }

  function setUp(form) {
    const unit = form.querySelector("[name=unit]");
    const assignment = form.querySelector("select[data-role=assignment]");
    const outreachForm = form.querySelector("select[data-role=form]");
    const measure = form.querySelector("[data-role=measure]");
    const sectionsEmpty = form.querySelector("[data-role=sections-empty]");
    const repeat = form.querySelector("select[name=repeat]");
    const repeatUntil = form.querySelector("input[name=repeat_until]");
    let formChosen = form.hasAttribute("data-form-locked");

    const selected = (select) => select.options[select.selectedIndex];

    function narrowAssignments() {
      if (!unit || unit.type === "hidden") return;
      const unitId = unit.value;
      let enabled = [];
      for (const option of assignment.options) {
        if (!option.value) continue;
        const covers = !unitId || option.dataset.units.split(",").includes(unitId);
        option.hidden = !covers;
        option.disabled = !covers;
        if (covers) enabled.push(option);
      }
      if (selected(assignment) && selected(assignment).disabled) assignment.value = "";
      if (!assignment.value && enabled.length === 1) assignment.value = enabled[0].value;
    }

    function narrowSections() {
      const plan = assignment.value ? selected(assignment).dataset.plan : null;
      let shown = 0;
      for (const input of form.querySelectorAll("input[name=sections]")) {
        const mine = plan !== null && input.dataset.plan === plan;
        input.closest(".form-check").hidden = !mine;
        if (!mine) input.checked = false;
        if (mine) shown += 1;
      }
      if (sectionsEmpty) sectionsEmpty.hidden = shown > 0;
    }

    function preselectForm() {
      if (formChosen || !assignment.value) return;
      const forms = (selected(assignment).dataset.forms || "").split(",").filter(Boolean);
      if (forms.length) outreachForm.value = forms[0];
    }

    function showMeasure() {
      const option = selected(outreachForm);
      measure.textContent = (option && option.dataset.measure) || "đơn vị";
    }

    function showRepeatUntil() {
      if (!repeat || !repeatUntil) return;
      repeatUntil.closest(".mb-3").hidden = !repeat.value;
    }

    if (unit) unit.addEventListener("change", () => { narrowAssignments(); narrowSections(); preselectForm(); showMeasure(); });
    assignment.addEventListener("change", () => { narrowSections(); preselectForm(); showMeasure(); });
    outreachForm.addEventListener("change", () => { formChosen = true; showMeasure(); });
    if (repeat) repeat.addEventListener("change", showRepeatUntil);

    function refresh() {
      formChosen = form.hasAttribute("data-form-locked");
      narrowAssignments();
      narrowSections();
      preselectForm();
      showMeasure();
      showRepeatUntil();
    }
    form.addEventListener("loa:refresh", refresh);
    refresh();
  }
})();
