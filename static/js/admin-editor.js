/*
 * The page editor's language helpers (loaded by core/wagtail_hooks.py through Wagtail's
 * insert_editor_js hook, after wagtail-modeltranslation's locale picker, which hides every
 * language but Spanish). Progressive enhancement: without it the editor works as Wagtail's.
 *
 * Contract
 * - URL parameters of the edit (or add) view:
 *     ?translate=<lang>        shows <lang>'s fields beside Spanish's (the picker's <lang> toggle
 *                              is switched on; Spanish stays on).
 *     &focus=<contentpath>     scrolls to that field, highlights it (class qp-editor-focus) and
 *                              puts the cursor in it. <contentpath> is Wagtail's data-contentpath
 *                              chain joined by "/": a page field ("intro_en", "title_en"), a block
 *                              of a StreamField ("body_en/<block-uuid>"), a field of a block
 *                              ("body_en/<block-uuid>/caption"), as deep as blocks nest. Collapsed
 *                              panels and blocks and other tabs on the way are opened. Unknown
 *                              paths are ignored (the editor opens as usual). An inline item's
 *                              field is named by its input's name ("focal_institutions-0-name_en").
 *   Example: /admin/pages/12/edit/?translate=en&focus=body_en/3bd6…/caption
 * - The event "quito:focus-translation" (detail {language, focus}) does the same without
 *   reloading the editor; it is cancelled when handled (the translation status panel sends it).
 * - Validation errors: when the page comes back with errors, every language holding one is
 *   shown, and if the first error was in a hidden language the page scrolls to it. "Go to the
 *   first error" shows the error's language (and tab, and collapsed panel) before Wagtail
 *   moves focus to it. Errors are what that button looks for: .error-message, .help-critical.
 * - Autosave after a failed submit: static/js/admin-unsaved.js (every admin form).
 */
(() => {
  "use strict";

  const ERROR_SELECTOR = ":not([hidden]):is(.error-message,.help-critical)";
  const HIGHLIGHT_CLASS = "qp-editor-focus";
  const FIELD_SELECTOR =
    "input:not([type=hidden]):not([disabled]), textarea:not([disabled]), select:not([disabled]), [contenteditable=true]";

  const settings = () => window.wagtailModelTranslations || { languages: [], defaultLanguage: "" };

  function languageToggle(language) {
    return Array.from(document.querySelectorAll(".locale-picker button.locale-toggle")).find(
      (button) => button.textContent.trim() === language,
    );
  }

  function showLanguage(language) {
    const toggle = languageToggle(language);
    if (toggle && !toggle.classList.contains("showing-locale")) toggle.click();
  }

  // The picker puts a field's panel in the language named in its text (" [en]"): read it the
  // same way, from each hidden ancestor.
  function hiddenLanguagesOf(element) {
    const codes = settings().languages;
    if (!codes.length) return [];
    const pattern = new RegExp(` \\[(${codes.join("|")})\\]`);
    const found = [];
    for (let node = element.closest(".l10n-hidden"); node; ) {
      const match = pattern.exec(node.textContent);
      if (match && !found.includes(match[1])) found.push(match[1]);
      node = node.parentElement ? node.parentElement.closest(".l10n-hidden") : null;
    }
    return found;
  }

  function isHiddenByLanguage(element) {
    return Boolean(element.closest(".l10n-hidden"));
  }

  // Opens what hides the element: its language, its tab, collapsed panels and blocks.
  function reveal(element) {
    hiddenLanguagesOf(element).forEach(showLanguage);
    const tabPanel = element.closest("[role=tabpanel]");
    if (tabPanel && tabPanel.hidden && tabPanel.id) {
      const tab = document.querySelector(`[role=tab][aria-controls="${tabPanel.id}"]`);
      if (tab) tab.click();
    }
    for (let node = element.parentElement; node; node = node.parentElement) {
      if (node.hidden && node.id && node.getAttribute("role") !== "tabpanel") {
        const toggle = document.querySelector(`[aria-controls="${node.id}"][aria-expanded=false]`);
        if (toggle) toggle.click();
      }
    }
  }

  // How far down the window the bars that stay on top (position sticky or fixed: the editor's
  // header, its status bar) reach above a point at `x`.
  function stickyBarsBottom(x) {
    let bottom = 0;
    for (let y = 1; y < Math.min(window.innerHeight / 2, 320); y += 8) {
      for (let node = document.elementFromPoint(x, y); node && node !== document.body; ) {
        const position = getComputedStyle(node).position;
        if (position === "sticky" || position === "fixed") {
          bottom = Math.max(bottom, node.getBoundingClientRect().bottom);
          break;
        }
        node = node.parentElement;
      }
    }
    return bottom;
  }

  // The field's top edge just below those bars, never under them (a tall field scrolled to
  // the centre, or to the top, starts behind the header).
  function scrollBelowStickyBars(field) {
    field.scrollIntoView({ block: "start" });
    const rect = field.getBoundingClientRect();
    const x = Math.min(Math.max(rect.left + 8, 0), window.innerWidth - 1);
    const clear = stickyBarsBottom(x) + 16;
    if (rect.top < clear) window.scrollBy(0, rect.top - clear);
  }

  function goTo(element, { highlight = false } = {}) {
    reveal(element);
    const field = element.closest("[data-contentpath], .w-field") || element;
    if (highlight) field.classList.add(HIGHLIGHT_CLASS);
    scrollBelowStickyBars(field);
    // Panels drawn by script a moment later can move it: once more, unless the reader scrolled.
    const scrolled = window.scrollY;
    window.setTimeout(() => {
      if (window.scrollY === scrolled) scrollBelowStickyBars(field);
    }, 400);
    const input = field.matches(FIELD_SELECTOR) ? field : field.querySelector(FIELD_SELECTOR);
    if (input) input.focus({ preventScroll: true });
  }

  function firstError() {
    return document.querySelector(ERROR_SELECTOR);
  }

  function revealErrors() {
    const errors = Array.from(document.querySelectorAll(ERROR_SELECTOR));
    if (!errors.length) return;
    const firstWasHidden = isHiddenByLanguage(errors[0]);
    errors.forEach((error) => hiddenLanguagesOf(error).forEach(showLanguage));
    if (firstWasHidden) goTo(errors[0]);
  }

  // Capture phase: the error is shown before Wagtail's own handler (w-focus) moves focus to it.
  function revealBeforeGoingToFirstError(event) {
    const button = event.target.closest && event.target.closest('[data-controller~="w-focus"]');
    if (!button || !button.closest(".messages")) return;
    const error = firstError();
    if (error) reveal(error);
  }

  function findByContentPath(path) {
    // An inline item's field has no path of its own: the queue names it by its input's name
    // ("focal_institutions-0-name_en").
    const named = document.querySelector(`[name="${CSS.escape(path)}"]`);
    if (named) return named.closest("[data-contentpath], .w-field") || named;
    let scope = document;
    let found = null;
    for (const part of path.split("/").filter(Boolean)) {
      found = scope.querySelector(`[data-contentpath="${CSS.escape(part)}"]`);
      if (!found) return null;
      scope = found;
    }
    return found;
  }

  function openRequestedTranslation() {
    const params = new URLSearchParams(window.location.search);
    openTranslation(params.get("translate"), params.get("focus"));
  }

  // The translation status at the top of the form (translation_queue's editor-status.js) asks
  // for a field without reloading the editor, so unsaved edits stay.
  document.addEventListener("quito:focus-translation", (event) => {
    const { language, focus } = event.detail || {};
    if (!language || !focus) return;
    event.preventDefault();
    openTranslation(language, focus);
  });

  function openTranslation(language, focus) {
    if (language) {
      showLanguage(settings().defaultLanguage);
      showLanguage(language);
    }
    if (!focus) return;
    // StreamField blocks are drawn by script after the page loads: look for a few seconds.
    let tries = 0;
    const look = () => {
      const target = findByContentPath(focus);
      if (target) {
        goTo(target, { highlight: true });
        const unmark = (event) => {
          if (!target.contains(event.target)) {
            target.classList.remove(HIGHLIGHT_CLASS);
            document.removeEventListener("focusin", unmark);
          }
        };
        document.addEventListener("focusin", unmark);
      } else if (tries++ < 50) {
        window.setTimeout(look, 100);
      }
    };
    look();
  }

  // The locale picker is built in a jQuery ready handler; wait for it (or for its absence).
  function whenPickerReady(callback) {
    let tries = 0;
    const check = () => {
      if (document.querySelector(".locale-picker") || !window.jQuery || tries++ > 40) {
        callback();
      } else {
        window.setTimeout(check, 50);
      }
    };
    check();
  }

  document.addEventListener("click", revealBeforeGoingToFirstError, { capture: true });
  const start = () =>
    whenPickerReady(() => {
      revealErrors();
      openRequestedTranslation();
    });
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
