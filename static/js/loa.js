// Loa: small behaviours shared by every page.
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  const message = status === 403
    ? "Bạn không có quyền thực hiện thao tác này."
    : "Có lỗi khi lưu (mã " + status + "). Nội dung bạn nhập vẫn còn trên trang, xin thử lại.";
  window.alert(message);
});
