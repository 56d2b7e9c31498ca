"""Each internal of another library that the project relies on (core/private_apis.py,
tests/private_apis.py) still exists and still behaves as relied on. After an upgrade, a failure
here names the library and what changed; docs/upgrading.md says what breaks with it."""

import csv
import inspect
import io
from types import SimpleNamespace

import pytest
import redis
from django.contrib.auth.models import Group, Permission
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import connection
from django.db.backends.base.creation import BaseDatabaseCreation
from django.db.models import Field
from django.http import StreamingHttpResponse
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Page, Site
from wagtail_modeltranslation import patch_wagtailadmin

from core import private_apis
from core.caching.resilient_redis import ResilientRedisCache, ReusedClientRedisCacheClient
from interface_strings.permission_names import IMAGE_PERMISSION_TYPES, page_permission_label
from interface_strings.workflow_names import TranslatedName
from open_data.spreadsheets import spreadsheet_text

from .private_apis import database_unblocked, read_xliff2, sample_image_file


def parameters(function):
    return list(inspect.signature(function).parameters)


def source(function):
    return inspect.getsource(function)


# Wagtail


def test_wagtail_serves_the_route_left_on_the_request():
    request = RequestFactory().get("/es/acerca-de/")
    private_apis.set_site_for_request(request, None)  # no query if Wagtail routed again
    route = object()
    private_apis.set_route_for_request(request, lambda: route)
    assert Page.route_for_request(request, "acerca-de/") is route, (
        "Wagtail: Page.route_for_request no longer returns request._wagtail_route_for_request; "
        "core/serving/routing.py's one-query lookup is ignored and every page is routed level by level."
    )
    assert private_apis.route_found_for_request(request) is route


def test_wagtail_looks_up_a_requests_site_with_its_uncached_lookup(home):
    site = Site.objects.get(is_default_site=True)
    request = RequestFactory().get("/", HTTP_HOST=site.hostname)
    assert parameters(Site._find_for_request) == ["request"], (
        "Wagtail: Site._find_for_request(request) changed its signature; core/caching/process_memo.py "
        "remembers the request's site with it."
    )
    assert private_apis.find_site_uncached(request) == site


def test_wagtail_keeps_the_requests_site_on_the_request():
    request = RequestFactory().get("/")
    site = Site(hostname="remembered.example")
    assert not private_apis.site_known_for_request(request)
    private_apis.set_site_for_request(request, site)
    assert private_apis.site_known_for_request(request)
    assert Site.find_for_request(request) is site, (
        "Wagtail: Site.find_for_request no longer returns request._wagtail_site; the site that "
        "core/caching/process_memo.py remembers is ignored and every request queries for it."
    )


def test_wagtail_labels_image_permissions_from_the_list_we_relabel():
    from wagtail.images.forms import GroupImagePermissionFormSet

    field = GroupImagePermissionFormSet.form.base_fields["permissions"]
    with translation.override("es"):
        label = field.label_from_instance(Permission(codename="add_image", name="Can add image"))
        assert label == str(IMAGE_PERMISSION_TYPES[0][2]), (
            "Wagtail: the image permissions' checkboxes are no longer labelled from "
            "GroupImagePermissionFormSet.permission_types; the group editor shows them in the "
            "language active when Wagtail was imported."
        )


def test_wagtail_group_editor_has_the_fields_we_label():
    from wagtail.documents.forms import GroupDocumentPermissionFormSet
    from wagtail.images.forms import GroupImagePermissionFormSet
    from wagtail.users.forms import PagePermissionsForm

    for formset in (GroupDocumentPermissionFormSet, GroupImagePermissionFormSet):
        assert "collection" in formset.form.base_fields, (
            f"Wagtail: {formset.__name__}'s form has no `collection` field any more."
        )
    assert {"page", "permissions"} <= set(PagePermissionsForm.base_fields), (
        "Wagtail: PagePermissionsForm no longer has `page` and `permissions` fields."
    )
    fields = PagePermissionsForm.base_fields
    with translation.override("es"):
        assert str(fields["page"].label) == "Página"
        assert str(GroupImagePermissionFormSet.form.base_fields["collection"].label) == (
            "Colección"
        )
    assert fields["permissions"].label_from_instance is page_permission_label


def test_wagtail_page_permission_types_are_codename_short_and_long_labels():
    labels = private_apis.page_permission_long_labels()
    assert "publish_page" in labels, (
        "Wagtail: wagtail.models.PAGE_PERMISSION_TYPES has no publish_page entry (or is no "
        "longer a list of (codename, short label, long label))."
    )
    with translation.override("en"):
        assert str(labels["publish_page"]) == "Publish any page"


def test_wagtail_sites_listing_has_columns_named_after_sites_fields():
    columns = {column.name: column for column in private_apis.sites_listing_columns()}
    assert {"port", "site_name", "root_page"} <= set(columns), (
        "Wagtail: wagtail.sites.views.IndexView.columns no longer has the port, site_name and "
        "root_page columns whose labels core/wagtail_hooks.py translates."
    )
    with translation.override("en"):
        assert str(columns["site_name"].label) == "Site name"


def test_wagtail_passes_every_csv_cell_through_preprocess_field_value():
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    assert parameters(SpreadsheetExportMixin.preprocess_field_value.__wrapped__) == [
        "self",
        "field",
        "value",
        "export_format",
    ], "Wagtail: SpreadsheetExportMixin.preprocess_field_value changed its signature."
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=["title"])
    SpreadsheetExportMixin().write_csv_row(writer, {"title": "=1+1"})
    assert output.getvalue().strip() == spreadsheet_text("=1+1"), (
        "Wagtail: its reports' CSV cells no longer pass through "
        "SpreadsheetExportMixin.preprocess_field_value with FORMAT_CSV; formulas reach "
        "spreadsheets unprotected."
    )


def test_wagtail_add_page_view_reads_its_autosave_switch():
    view = private_apis.PageCreateView
    assert "self.autosave_enabled" in source(view.get_context_data), (
        "Wagtail: the add-page view's get_context_data no longer reads self.autosave_enabled; "
        "core/admin/views.py cannot turn autosave off (pages get created while typing)."
    )
    assert hasattr(view, "expects_json_response")
    assert parameters(view.json_error_response) == ["self", "error_code", "error_message"], (
        "Wagtail: json_error_response(error_code, error_message) changed its signature."
    )


def test_wagtail_task_preview_view_sets_the_task_and_its_state():
    setup = source(private_apis.TaskRevisionPreviewView.setup)
    assert "self.task =" in setup and "self.task_state =" in setup, (
        "Wagtail: PreviewRevisionForTask.setup no longer sets self.task and self.task_state; "
        "core/admin/views.py's preview in a chosen language reads them."
    )


def test_the_root_page_is_named_through_wagtails_title_methods(home):
    root = Page.get_first_root_node()
    for name in ("get_admin_display_title", "__str__"):
        method = getattr(Page, name)
        assert getattr(method, private_apis.WRAPPED_MARK, None) == name
        assert parameters(method.__wrapped__) == ["self"], (
            f"Wagtail: Page.{name} changed its signature; interface_strings/workflow_names.py "
            "wraps it to name the root page in the admin's language."
        )
    with translation.override("es"):
        assert root.get_admin_display_title() == "Raíz"
        assert str(root) == "Raíz"


# wagtail-modeltranslation


def test_modeltranslation_builds_page_urls_from_the_function_we_remember(monkeypatch):
    assert Page._get_site_root_paths is patch_wagtailadmin._new_get_site_root_paths, (
        "wagtail-modeltranslation: pages' _get_site_root_paths is no longer "
        "patch_wagtailadmin._new_get_site_root_paths; core/caching/process_memo.py remembers the wrong "
        "function."
    )
    remembered = patch_wagtailadmin._localized_site_get_site_root_paths
    assert getattr(remembered, private_apis.WRAPPED_MARK, None) == (
        "_localized_site_get_site_root_paths"
    )
    calls = []
    monkeypatch.setattr(
        patch_wagtailadmin, "_localized_site_get_site_root_paths", lambda: calls.append(1) or []
    )
    patch_wagtailadmin._new_get_site_root_paths(SimpleNamespace())  # as a page without a request
    assert calls == [1], (
        "wagtail-modeltranslation: _new_get_site_root_paths no longer calls the module's "
        "_localized_site_get_site_root_paths by name; core/caching/process_memo.py's remembered root paths "
        "are never used."
    )


# Django: translations


def test_django_translation_catalogs_are_process_wide_and_reloadable():
    from django.utils.translation import trans_real

    assert hasattr(trans_real, "_translations") and hasattr(trans_real, "_default"), (
        "Django: trans_real no longer keeps its loaded catalogs in _translations and _default; "
        "translators' edits (interface_strings/runtime.py) would never be replaced."
    )
    with translation.override("es"):
        private_apis.translation_catalog("es")["Page"] = "Página editada"
        assert gettext("Page") == "Página editada", (
            "Django: an entry set in trans_real.translation('es')._catalog is not what gettext "
            "answers; translators' edits do not show."
        )
    # interface_strings/runtime.py resets before LocaleMiddleware activates the request's
    # language: the activation loads the catalog again.
    private_apis.reset_translation_catalogs()
    with translation.override("es"):
        assert gettext("Page") == "Página", (
            "Django: resetting trans_real._translations and _default does not reload the .mo "
            "files; a withdrawn edit stays."
        )


def test_django_parses_accept_language_by_preference_and_checks_codes_by_its_pattern():
    assert private_apis.accept_language_preferences("pt-BR,pt;q=0.9,en;q=0.8,*;q=0.1") == [
        "pt-br",
        "pt",
        "en",
        "*",
    ], (
        "Django: trans_real.parse_accept_lang_header no longer returns (code, quality) pairs "
        "sorted by preference; core/i18n/launch.py visitor_language picks the wrong language."
    )
    assert private_apis.looks_like_language_code("en-GB")
    assert not private_apis.looks_like_language_code("<script>"), (
        "Django: trans_real.language_code_re no longer refuses what is not a language code; "
        "a cookie's value reaches get_supported_language_variant unchecked."
    )


def test_django_translation_objects_read_the_given_locale_directories():
    from django.conf import settings

    spanish = private_apis.load_translation(
        "es", domain="djangojs", localedirs=[str(settings.LOCALE_PATHS[0])]
    )
    catalog = private_apis.catalog_of(spanish)
    assert catalog.get("A network error occurred.") == "Se produjo un error de red.", (
        "Django: DjangoTranslation(language, domain=, localedirs=) or its _catalog changed; "
        "tests/test_admin_spanish_crawl.py compares Wagtail's catalogs with it."
    )


# Django: models and fields


def test_django_reads_fields_through_a_deferred_attribute_on_the_model_class():
    assert isinstance(Site.__dict__["hostname"], private_apis.FieldDescriptor), (
        "Django: a model's field attribute is no longer a DeferredAttribute; the names staff see "
        "in their language (interface_strings/workflow_names.py) are not read through ours."
    )
    assert isinstance(Group.__dict__["name"], TranslatedName)
    group = Group(name="Editors")
    assert private_apis.stored_field_value(group, Group._meta.get_field("name")) == "Editors"
    with translation.override("es"):
        assert group.name == gettext("Editors")


def test_django_fields_save_and_serialise_through_methods_we_replace():
    for method, expected in (
        (Field.pre_save, ["self", "model_instance", "add"]),
        (Field.value_from_object, ["self", "obj"]),
        (Field.get_prep_value, ["self", "value"]),
    ):
        assert parameters(method) == expected, (
            f"Django: Field.{method.__name__} changed its signature; the translated names' "
            "fields (interface_strings/) replace it on their field."
        )


def test_django_keeps_prefetched_relations_in_the_instances_cache(db):
    group = Group.objects.create(name="Prefetched")
    prefetched = Group.objects.prefetch_related("permissions").get(pk=group.pk)
    assert private_apis.was_prefetched(prefetched, "permissions"), (
        "Django: prefetch_related no longer fills instance._prefetched_objects_cache; member "
        "state pages query their figures again after a listing prefetched them."
    )
    assert not private_apis.was_prefetched(Group.objects.get(pk=group.pk), "permissions")


def test_django_names_the_test_database_with_get_test_db_name():
    assert "self._get_test_db_name()" in source(BaseDatabaseCreation.create_test_db), (
        "Django: create_test_db no longer names the database with _get_test_db_name(); "
        "tests/database_plugin.py copies its template to the wrong name."
    )
    assert isinstance(private_apis.name_of_test_database(connection), str)


# Django: requests and responses


@pytest.mark.parametrize(
    ("host", "parts"),
    [
        ("Example.ORG.:8000", ("example.org", "8000")),
        ("localhost", ("localhost", "")),
        ("not a host", ("", "")),
    ],
)
def test_django_splits_a_host_into_its_lower_case_domain_and_port(host, parts):
    assert private_apis.split_host(host) == parts, (
        "Django: django.http.request.split_domain_port changed; the page cache's key "
        "(core/caching/page_cache.py cache_host) may store a copy per spelling of the host."
    )


def test_django_calls_a_responses_resource_closers_when_it_closes(db):
    # db: closing a response sends request_finished, which checks the database connection.
    closed = []
    response = StreamingHttpResponse(iter([b"data"]))
    private_apis.call_when_response_closes(response, lambda: closed.append(True))
    response.close()
    assert closed == [True], (
        "Django: HttpResponseBase.close() no longer calls _resource_closers; a streamed "
        "download never frees its slot (core/serving/throttle.py)."
    )


# Django's Redis cache and redis-py


def test_django_redis_client_keeps_one_connection_pool_per_server():
    client = RedisCacheClient(["redis://127.0.0.1:6379/0"])
    assert parameters(RedisCacheClient._get_connection_pool) == ["self", "write"], (
        "Django: RedisCacheClient._get_connection_pool(write) changed; core/caching/resilient_redis.py cannot "
        "reuse one redis client per pool."
    )
    pool = private_apis.redis_connection_pool(client, write=True)
    assert isinstance(pool, redis.ConnectionPool)
    assert private_apis.redis_connection_pool(client, write=True) is pool, (
        "Django: RedisCacheClient no longer keeps its connection pools; core/caching/resilient_redis.py's "
        "clients per pool would multiply."
    )
    assert private_apis.redis_client_class(client) is redis.Redis, (
        "Django: RedisCacheClient._client is no longer redis-py's Redis class."
    )


def test_django_redis_cache_builds_its_client_from_its_class():
    cache = RedisCache("redis://127.0.0.1:6379/0", {})
    private_apis.use_cache_client_class(cache, ReusedClientRedisCacheClient)
    assert isinstance(private_apis.cache_client(cache), ReusedClientRedisCacheClient), (
        "Django: RedisCache no longer builds its client (_cache) from _class; every cache call "
        "builds a new redis client again (a sixth of a page-cache hit)."
    )
    resilient = ResilientRedisCache("redis://127.0.0.1:6379/0", {})
    client = private_apis.cache_client(resilient)
    assert client.get_client(write=True) is client.get_client(write=True)


def test_django_local_memory_cache_keeps_its_entries_in_a_dict():
    cache = LocMemCache("private-apis", {})
    cache.set("one", 1)
    assert len(private_apis.cache_client(cache)) == 1, (
        "Django: LocMemCache no longer keeps its entries in _cache; tests/test_page_cache.py "
        "cannot count them."
    )


# The test harness


def test_pytest_django_keeps_its_database_blocker_in_the_config_stash(request):
    from pytest_django.plugin import DjangoDbBlocker, blocking_manager_key

    blocker = request.config.stash.get(blocking_manager_key, None)
    assert isinstance(blocker, DjangoDbBlocker), (
        "pytest-django: config.stash[blocking_manager_key] is no longer its DjangoDbBlocker; "
        "tests/database_plugin.py cannot restore the migrated rows after a transactional test."
    )
    blocked = connection.ensure_connection
    with database_unblocked(request.config):
        assert connection.ensure_connection != blocked, (
            "pytest-django: DjangoDbBlocker.unblock() no longer lets the database be used."
        )


def test_translate_toolkit_reads_xliff_2_when_told_its_class(tmp_path):
    from translate.storage import xliff2

    path = tmp_path / "page.xlf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="es" '
        'trgLang="en"><file id="f1"><unit id="u1"><segment><source>Hola</source>'
        "<target>Hello</target></segment></unit></file></xliff>",
        encoding="utf-8",
    )
    store = read_xliff2(path)
    assert isinstance(store, xliff2.Xliff2File), (
        "translate-toolkit: factory._classes_str no longer maps extensions to (module, class); "
        "the XLIFF export's round-trip test reads it as XLIFF 1.2."
    )
    assert [unit.source for unit in store.units] == ["Hola"]


def test_wagtails_test_helper_makes_an_image_file():
    image = sample_image_file()
    assert image.name.endswith(".png") and image.size > 0, (
        "Wagtail: wagtail.images.tests.utils.get_test_image_file changed; the tests' images "
        "are made with it."
    )


def test_ninja_renders_answers_with_the_content_type_of_get_content_type():
    api = private_apis.ninja_api_with_content_type("application/json")(urls_namespace="probe")
    request = RequestFactory().get("/")
    temporal = api.create_temporal_response(request)
    rendered = api.create_response(request, {"a": 1}, status=200)
    assert (temporal["Content-Type"], rendered["Content-Type"]) == ("application/json",) * 2, (
        "django-ninja: NinjaAPI no longer takes its answers' Content-Type from get_content_type(); "
        "open_data/api.py's answers would say 'application/json; charset=utf-8'."
    )


def test_wagtailcache_is_djangos_cache_node_that_we_can_subclass():
    from django.templatetags.cache import CacheNode

    node_class = private_apis.wagtail_fragment_cache_node_class()
    message = (
        "Wagtail: {% wagtailcache %}'s node (WagtailCacheNode) is no longer Django's CacheNode "
        "with (nodelist, expire_time_var, fragment_name, vary_on, cache_name); core_tags' "
        "{% shared_content_cache %} (base.html's content block) subclasses it."
    )
    assert issubclass(node_class, CacheNode), message
    parameters = list(inspect.signature(node_class.__init__).parameters)
    assert parameters == [
        "self",
        "nodelist",
        "expire_time_var",
        "fragment_name",
        "vary_on",
        "cache_name",
    ], message
