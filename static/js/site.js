// Progressive enhancement only: the site works without this file.
// Remember the language a visitor picks in the switcher, so that "/" sends them back to it.
(function () {
  "use strict";
  var switcher = document.querySelector(".language-switcher");
  if (!switcher) {
    return;
  }
  switcher.addEventListener("click", function (event) {
    var link = event.target.closest("a[hreflang]");
    if (!link) {
      return;
    }
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie =
      "django_language=" + encodeURIComponent(link.getAttribute("hreflang")) +
      "; path=/; max-age=31536000; SameSite=Lax" + secure;
  });
})();
