// Loa: small behaviours shared by every page.
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  const message = status === 403
    ? "Bạn không có quyền thực hiện thao tác này."
    : "Có lỗi khi lưu (mã " + status + "). Nội dung bạn nhập vẫn còn trên trang, xin thử lại.";
  window.alert(message);
});

// <form data-confirm="…">: ask before sending (no inline handlers: the CSP forbids them).
document.addEventListener("submit", (event) => {
  const question = event.target.dataset && event.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// <input data-autosubmit>: send the form as soon as the value changes.
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]") && event.target.form) {
    event.target.form.requestSubmit();
  }
});

// The navigation bar's search icon opens its box ready to type in.
document.addEventListener("shown.bs.dropdown", (event) => {
  const box = event.target.closest("#nav-search");
  if (box) {
    box.querySelector("input[name=q]").focus();
  }
});
