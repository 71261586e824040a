// nghisu: the little the pages need beyond htmx. Forms with data-confirm ask
// before they submit (ending a post or a membership cannot be undone).
document.addEventListener("submit", function (e) {
  var msg = e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) {
    e.preventDefault();
  }
});
