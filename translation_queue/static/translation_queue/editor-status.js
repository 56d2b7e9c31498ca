// The page's translation state at the top of its editor (progressive enhancement: the translation
// queue shows the same without JavaScript). Fetched, not rendered by Wagtail, because Wagtail has
// no hook to add a panel to every page type's form.
// A link to a text asks the editor script to show that language and scroll to the field
// (event "quito:focus-translation", cancelled when handled); otherwise it opens the editor URL.
(function () {
  "use strict";
  var match = window.location.pathname.match(/^\/admin\/pages\/(\d+)\/edit\/$/);
  if (!match) {
    return;
  }
  var params = new URLSearchParams(window.location.search);
  var url = "/admin/translation-queue/pages/" + match[1] + "/status/";
  if (params.get("focus")) {
    url += "?focus=" + encodeURIComponent(params.get("focus"));
  }
  function insert(html) {
    // At the top of the first tab (Content), in the form's flow.
    var panel = document.querySelector("#page-edit-form [role='tabpanel']");
    if (!panel) {
      return;
    }
    var holder = document.createElement("div");
    holder.className = "translation-status-holder";
    holder.innerHTML = html;
    panel.insertBefore(holder, panel.firstChild);
    holder.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-focus]");
      if (!link) {
        return;
      }
      var handled = !document.dispatchEvent(
        new CustomEvent("quito:focus-translation", {
          cancelable: true,
          detail: { language: link.dataset.language, focus: link.dataset.focus },
        }),
      );
      if (handled) {
        event.preventDefault();
      }
    });
  }
  fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
    .then(function (response) {
      return response.ok ? response.text() : "";
    })
    .then(function (html) {
      if (html) {
        insert(html);
      }
    })
    .catch(function () {});
})();
