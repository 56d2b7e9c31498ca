/*
 * A file larger than the site accepts is refused in the browser, before anything is sent, with
 * the site's message (core/uploads.py), in every admin form that has a file input: the chooser
 * modals' upload tabs (loaded later, hence listeners on the document), the image and document
 * edit forms (replacing a file), any other form. The multiple-upload pages check the same limit
 * with Wagtail's own plugin (its data-max-file-size, with the site's message).
 *
 * If a too-large request is answered by the server anyway (413, from nginx or Django), the
 * message it sends is shown in the form that sent it, instead of Wagtail's English "Server
 * Error", and the form's button leaves its "Uploading..." state.
 *
 * Loaded on every admin page (core/wagtail_hooks.py), which gives the limit and the message in
 * the editor's language as data attributes of this script.
 */
(() => {
  "use strict";

  const script = document.currentScript;
  const maxBytes = Number(script && script.dataset.maxBytes);
  const message = script && script.dataset.message;
  if (!maxBytes || !message) return;

  // Wagtail's multiple-upload input: its plugin checks the size and lists the refusal itself.
  const OWN_CHECK = "#fileupload";
  const ERROR_MARK = "data-upload-limit-error";
  const LOADING = "data-w-progress-loading-value";
  let lastForm = null;

  const tooLarge = (input) => [...(input.files || [])].some((file) => file.size > maxBytes);

  function clearMessage(input) {
    const field = input.closest("[data-field]") || input.parentElement;
    if (!field) return;
    field.querySelectorAll(`[${ERROR_MARK}]`).forEach((node) => node.remove());
  }

  function showMessage(input, text) {
    clearMessage(input);
    const note = document.createElement("p");
    note.className = "error-message";
    note.setAttribute(ERROR_MARK, "");
    note.setAttribute("role", "alert");
    note.textContent = text;
    input.setAttribute("aria-invalid", "true");
    const field = input.closest("[data-field]");
    const errors = field && field.querySelector("[data-field-errors]");
    if (errors) {
      field.classList.add("w-field--error");
      const icon = errors.querySelector(".icon");
      if (icon) icon.removeAttribute("hidden");
      errors.appendChild(note);
    } else {
      input.insertAdjacentElement("afterend", note);
    }
  }

  // The button that submitted shows "Uploading..." (Wagtail's w-progress) until this is removed.
  function releaseButtons(form) {
    const release = () =>
      form.querySelectorAll(`[${LOADING}~="true"]`).forEach((button) => {
        button.removeAttribute(LOADING);
      });
    release();
    window.setTimeout(release, 100);
  }

  function fileInputsOf(form) {
    return [...form.querySelectorAll('input[type="file"]')].filter(
      (input) => !input.matches(OWN_CHECK),
    );
  }

  document.addEventListener(
    "change",
    (event) => {
      const input = event.target;
      if (!(input instanceof HTMLInputElement) || input.type !== "file") return;
      if (input.matches(OWN_CHECK)) return;
      if (!tooLarge(input)) {
        clearMessage(input);
        input.removeAttribute("aria-invalid");
        return;
      }
      // Nothing too large can be sent from here: the choice is undone and explained.
      input.value = "";
      showMessage(input, message);
    },
    { capture: true },
  );

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      lastForm = form;
      const refused = fileInputsOf(form).filter(tooLarge);
      if (!refused.length) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      refused.forEach((input) => showMessage(input, message));
      releaseButtons(form);
    },
    { capture: true },
  );

  // jQuery's ajax (the chooser modals' upload forms): a 413 shows the server's message.
  function serverMessage(xhr) {
    try {
      const answer = JSON.parse(xhr.responseText);
      if (answer && typeof answer.error_message === "string") return answer.error_message;
    } catch {
      // nginx's own page or no body: the browser's message says the same
    }
    return message;
  }

  function installAjaxHandler() {
    const $ = window.jQuery;
    if (!$ || !$.ajaxPrefilter) return;
    $.ajaxPrefilter((options) => {
      const form = lastForm;
      const original = options.error;
      if (!form || !original) return;
      options.error = function onError(xhr, ...rest) {
        if (xhr.status !== 413) return original.call(this, xhr, ...rest);
        const input = fileInputsOf(form)[0];
        if (input) showMessage(input, serverMessage(xhr));
        else window.alert(serverMessage(xhr));
        releaseButtons(form);
        return undefined;
      };
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", installAjaxHandler);
  } else {
    installAjaxHandler();
  }
})();
