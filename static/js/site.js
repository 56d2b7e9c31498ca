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

// Browsers without ::details-content keep the menu's <details> closed on wide screens too:
// open it there (the CSS hides its button), and close it again when the window narrows (a
// tablet turned upright), unless the visitor opened it.
(function () {
  "use strict";
  var menu = document.querySelector(".main-nav__menu");
  if (!menu || !window.matchMedia) {
    return;
  }
  var wide = window.matchMedia("(min-width: 64rem)");
  var openedHere = false;
  function follow() {
    if (wide.matches && !menu.open) {
      menu.open = true;
      openedHere = true;
    } else if (!wide.matches && openedHere) {
      menu.open = false;
      openedHere = false;
    }
  }
  follow();
  if (wide.addEventListener) {
    wide.addEventListener("change", follow);
  }
})();

// Filter forms (the document library): leave unchosen filters out of the address, so that a
// shared link says only what was chosen. Without this the empty values are simply ignored.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form.filters");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.querySelectorAll("select, input"), function (field) {
        if (field.name && !field.value) {
          field.disabled = true;
        }
      });
    });
  });
  // Coming back to the page (the back button) finds the form usable again.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form.filters [disabled]"), function (f) {
      f.disabled = false;
    });
  });
})();
