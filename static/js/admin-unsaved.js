/*
 * After a failed submit, every later change is saved (or the page says it is not), and leaving
 * with unsaved changes warns. Loaded on every admin page (core/wagtail_hooks.py); progressive
 * enhancement over Wagtail's own "unsaved changes" (w-unsaved) and autosave (w-autosave)
 * controllers. See docs/staff-and-translators.md ("An edit is never lost").
 *
 * Why: when a form comes back with errors, Wagtail marks it as changed for good
 * (data-w-unsaved-force-value) and then never starts watching it, so autosave runs once at load
 * (showing "Saved" under the red banner for a draft the editor did not ask for) and never
 * again: what is typed next is neither saved nor warned about once that save has cleared the
 * mark.
 *
 * What this does, for each such form:
 * - holds autosave until the editor changes something (Wagtail's own updates of fields are not
 *   the editor's);
 * - at that first change, starts watching the form as Wagtail does for a form that came back
 *   without errors, measured against a state that is never "saved", so that the form counts as
 *   changed (and leaving warns) until a save succeeds; every change then asks for an autosave.
 */
(() => {
  "use strict";

  const FORCED = 'form[data-controller~="w-unsaved"][data-w-unsaved-force-value="true"]';
  // Never equal to a form's data: the form stays "changed" until a save clears it.
  const NOT_SAVED = "\u0000not saved since the failed submit";

  function controllerOf(form, identifier) {
    const app = window.wagtail && window.wagtail.app;
    return app ? app.getControllerForElementAndIdentifier(form, identifier) : null;
  }

  function watchAfterFailedSubmit(form) {
    let held = true;
    let loaded = null; // the form's data as it came back, read once Wagtail's controller is up
    const readLoaded = () => {
      const unsaved = controllerOf(form, "w-unsaved");
      if (unsaved && loaded === null) loaded = unsaved.formData;
      return unsaved;
    };

    // Wagtail's autosave skips a save whose event is cancelled; stopping it here (capture, on
    // the window) also keeps the indicator from showing "Saving…" for a save that never runs.
    window.addEventListener(
      "w-autosave:save",
      (event) => {
        if (held && event.target === form) {
          event.preventDefault();
          event.stopImmediatePropagation();
        }
      },
      { capture: true },
    );

    const release = (event) => {
      if (!held || !event.isTrusted || !form.contains(event.target)) return;
      held = false;
      const unsaved = readLoaded();
      if (!unsaved) return; // Wagtail's controller never started: its own behaviour stands
      unsaved.initialFormData = NOT_SAVED;
      unsaved.previousFormData = loaded === null ? "" : loaded;
      unsaved.forceValue = false;
      // A new interval makes Wagtail start its periodic check of the form (which it skips
      // while the form is forced); the check finds this change and asks for an autosave.
      unsaved.checkIntervalValue = (unsaved.checkIntervalValue || 500) + 1;
    };
    document.addEventListener("input", release, { capture: true });
    document.addEventListener("change", release, { capture: true });

    // Read the form as it came back before anything is typed (the controllers connect once
    // Wagtail's scripts have run).
    let tries = 0;
    const poll = () => {
      if (!readLoaded() && tries++ < 100) window.setTimeout(poll, 50);
    };
    poll();
  }

  const start = () => document.querySelectorAll(FORCED).forEach(watchAfterFailedSubmit);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
