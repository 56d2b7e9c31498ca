"""Export a selection of the translation queue as XLIFF 2.0, XLIFF 1.2 or PO, and import the
translated file back as drafts (see exchange.py), with a report of what was imported, skipped and
refused."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import Page

from core.admin.roles import IMPORT_TRANSLATION_FILES
from core.query_values import ascii_integer

from .exchange import (
    MAX_FILE_SIZE,
    PO,
    XLIFF,
    XLIFF_1_2,
    ExchangeFileError,
    export_po,
    export_xliff,
    export_xliff_1_2,
    import_exchange_file,
    read_exchange_file,
    selection_units,
)
from .forms import QueueFilterForm, sections_for_filter
from .states import refresh_stale_pages
from .views import TO_DO, filtered_items

# (MIME type, the file name's ending). Both XLIFF versions end in ".xlf", which every tool opens
# as XLIFF and tells apart by the file's version; "-xliff12" says which one a file is to people.
FORMATS = {
    XLIFF: ("application/xliff+xml; charset=utf-8", "xlf"),
    XLIFF_1_2: ("application/x-xliff+xml; charset=utf-8", "xliff12.xlf"),
    PO: ("text/x-gettext-translation; charset=utf-8", "po"),
}
FILTERS = ("language", "section", "page", "state")


class ExportForm(QueueFilterForm):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[
            (XLIFF, "XLIFF 2.0"),
            (XLIFF_1_2, gettext_lazy("XLIFF 1.2 (for tools that do not read XLIFF 2.0)")),
            (PO, "PO (gettext)"),
        ],
        widget=forms.RadioSelect,
        initial=XLIFF,
    )

    def clean(self):
        data = super().clean()
        if not data.get("language") and "language" not in self.errors:
            self.add_error(
                "language",
                _("Choose a language: a file holds the translations into one language."),
            )
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Translated file"),
        help_text=gettext_lazy(
            "An XLIFF (2.0 or 1.2) or PO file exported from the translation queue, at most 5 MB."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE // 2**20}
            )
        try:
            self.parsed = read_exchange_file(upload.read())
        except ExchangeFileError as error:
            raise ValidationError(str(error)) from error
        return upload


def export(request):
    """The export form, with the queue's filters; with a format chosen, the file itself."""
    refresh_stale_pages()
    sections = sections_for_filter()
    submitted = "format" in request.GET
    form = ExportForm(
        request.GET if submitted else None,
        sections=sections,
        initial={name: request.GET.get(name) for name in FILTERS if request.GET.get(name)},
    )
    if submitted and form.is_valid():
        data = form.cleaned_data
        items = filtered_items(data)
        items = (
            items.filter(state=data["state"])
            if data.get("state")
            else items.filter(state__in=TO_DO)
        )
        exported = selection_units(items, data["language"])
        if exported:
            return _download(exported, data, request.user)
        form.add_error(None, _("Nothing to export: this selection has no texts to translate."))
    return TemplateResponse(request, "translation_queue/export.html", {"form": form})


def _download(exported, data, user):
    language, kind = data["language"], data["format"]
    if kind == PO:
        content = export_po(exported, language, user)
    else:
        content = (export_xliff if kind == XLIFF else export_xliff_1_2)(exported, language)
    content_type, extension = FORMATS[kind]
    if data.get("page"):
        scope = f"page-{data['page']}"
    elif data.get("section"):
        scope = f"section-{data['section']}"
    else:
        scope = "all"
    name = f"quito-process-{language}-{scope}-{timezone.localdate():%Y%m%d}.{extension}"
    response = HttpResponse(content.encode(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def may_import(user):
    """Importing is for the people who translate (core.admin.roles.IMPORT_TRANSLATION_FILES)."""
    app_label, _model, codename = IMPORT_TRANSLATION_FILES
    return bool(user and user.is_active and user.has_perm(f"{app_label}.{codename}"))


def import_file(request):
    if not may_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        parsed = form.parsed
        reports = import_exchange_file(parsed, request.user)
        for report in reports:
            report.editor_url = (
                reverse("wagtailadmin_pages:edit", args=[report.page_id]) if report.page else ""
            )
            report.queue_url = (
                reverse("translation_queue:queue")
                + "?"
                + urlencode({"page": report.page_id, "language": parsed.language})
                if report.page
                else ""
            )
        return TemplateResponse(
            request,
            "translation_queue/import_report.html",
            {
                "reports": reports,
                "drafts": [report.page_id for report in reports if report.revision],
                "language": parsed.language,
                "totals": {
                    status: sum(len(report.of(status)) for report in reports)
                    for status in ("imported", "skipped", "refused")
                },
            },
        )
    return TemplateResponse(request, "translation_queue/import.html", {"form": form})


# A page id the database can hold (a longer number is no page of the site).
PAGE_ID_DIGITS = 18


def submit_drafts(request):
    """ "Send all to moderation": each page the import report lists with a new draft starts the
    moderation workflow, so that its moderators find it on their dashboard."""
    if request.method != "POST" or not may_import(request.user):
        raise PermissionDenied
    ids = {ascii_integer(value, PAGE_ID_DIGITS) for value in request.POST.getlist("page")} - {None}
    sent, not_sent = [], []
    pages = Page.objects.filter(pk__in=ids).select_related("latest_revision")
    for page in pages.specific(defer=False):
        workflow = page.get_workflow()
        permissions = page.permissions_for_user(request.user)
        # Only the user's own drafts (an import's), of pages they may edit: Wagtail's
        # can_submit_for_moderation() does not check the right to edit.
        own_draft = page.latest_revision is not None and page.latest_revision.user_id == (
            request.user.pk
        )
        if (
            workflow is None
            or page.workflow_in_progress
            or not own_draft
            or not permissions.can_edit()
            or not permissions.can_submit_for_moderation()
        ):
            not_sent.append(page)
            continue
        workflow.start(page, request.user)
        sent.append(page)
    if sent:
        messages.success(
            request,
            ngettext(
                "%(count)s page sent to moderation: %(titles)s.",
                "%(count)s pages sent to moderation: %(titles)s.",
                len(sent),
            )
            % {"count": len(sent), "titles": ", ".join(p.get_admin_display_title() for p in sent)},
        )
    if not_sent:
        messages.warning(
            request,
            _("Not sent (already in moderation, or you cannot submit them): %(titles)s.")
            % {"titles": ", ".join(p.get_admin_display_title() for p in not_sent)},
        )
    return redirect("translation_queue:queue")
