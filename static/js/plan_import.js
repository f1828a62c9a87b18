// Review of a plan imported from a document: searchable unit pickers (Tom Select).
(function () {
  if (typeof TomSelect === "undefined") return;
  document.querySelectorAll("select[data-role=unit-pick]").forEach((select) => {
    if (select.tomselect) return;
    new TomSelect(select, {
      maxOptions: null,
      allowEmptyOption: true,
      closeAfterSelect: true,
      render: {
        no_results: () => '<div class="no-results">Không có đơn vị nào có tên như vậy. Hãy tạo đơn vị mới bên cạnh.</div>',
      },
    });
  });
})();
