"""Every place the project's code reaches into Django's, Wagtail's, wagtail-modeltranslation's or
redis-py's internals, each behind a named function or constant.

Nothing here is a public API of its library: an upgrade may rename or change any of it without
notice. Each entry says what it relies on and the version it was checked against;
tests/test_private_apis.py has one test per entry that fails, naming the library and what
changed, when an upgrade breaks it; docs/upgrading.md lists them with what would break. The
test harness's own couplings (pytest-django, translate-toolkit, Wagtail's test helpers) are in
tests/private_apis.py: production does not install pytest.

Checked against Django 5.2.19, Wagtail 7.4.4, wagtail-modeltranslation 0.16.1 and redis-py 8.1.0.
Wagtail's and wagtail-modeltranslation's modules are imported inside the functions: they load
models, which this module (imported by the cache backend and the middleware) must not do at import.
"""

import functools
import importlib

from django.db.models.query_utils import DeferredAttribute
from django.http.request import split_domain_port
from django.utils.translation import trans_real

# The attribute that marks a library function as already wrapped by `wrap_function`.
WRAPPED_MARK = "quito_portal_wraps"


def wrap_function(owner, name, wrap):
    """Replace `owner.name` (a class's method, a module's function) with `wrap(original)`, once:
    calling it again (an app's ready() run again) changes nothing. The wrapper keeps the original
    as `__wrapped__`. Returns the function now in place."""
    original = getattr(owner, name)
    if getattr(original, WRAPPED_MARK, None) == name:
        return original
    replacement = functools.wraps(original)(wrap(original))
    setattr(replacement, WRAPPED_MARK, name)
    setattr(owner, name, replacement)
    return replacement


# Wagtail


def set_route_for_request(request, find_route):
    """Hand Wagtail's serve view a route found by the project (core/serving/routing.py), unless one was
    already found for this request: `find_route()` gives a RouteResult or None.

    Relies on `Page.route_for_request` (Wagtail 7.4.4, wagtail/models/pages.py) returning
    `request._wagtail_route_for_request` when the request has that attribute, without routing
    again (its docstring names the attribute as its per-request cache)."""
    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = find_route()
    return request._wagtail_route_for_request


def route_found_for_request(request):
    """The RouteResult Wagtail (or core/serving/routing.py) found for this request, or None when no page
    was routed yet. Relies on the same attribute as `set_route_for_request`."""
    return getattr(request, "_wagtail_route_for_request", None)


def find_site_uncached(request):
    """The Site the request's host names, looked up in the database (no ALLOWED_HOSTS check).

    Relies on `Site._find_for_request(request)` (Wagtail 7.4.4, wagtail/models/sites.py): the
    lookup that `Site.find_for_request` runs once per request and keeps on the request."""
    from wagtail.models import Site

    return Site._find_for_request(request)


def site_known_for_request(request):
    """Whether Wagtail already knows the request's Site (it will not look it up again)."""
    return hasattr(request, "_wagtail_site")


def set_site_for_request(request, site):
    """Give Wagtail the request's Site, so that `Site.find_for_request` (every page, every
    setting, every URL built) does not query for it.

    Relies on `Site.find_for_request` (Wagtail 7.4.4) returning `request._wagtail_site` when the
    request has that attribute."""
    request._wagtail_site = site


# Wagtail's admin: labels that Wagtail builds with `gettext` when its modules are imported
# (frozen in the language active then) and that interface_strings/permission_names.py puts back.


def set_image_permission_types(permission_types):
    """Replace the image permissions of the group editor: (codename, short label, long label).

    Relies on `wagtail.images.forms.GroupImagePermissionFormSet.permission_types` (Wagtail 7.4.4)
    being the very list that `collection_member_permission_formset_factory` reads for the
    column headers and the checkboxes' labels (wagtail/admin/forms/collections.py): changed in
    place, both follow."""
    from wagtail.images.forms import GroupImagePermissionFormSet

    GroupImagePermissionFormSet.permission_types[:] = permission_types


def set_collection_permission_label(label):
    """Label the "Collection" field of the group editor's image and document permissions.

    Relies on each formset's form class having a `collection` field in `base_fields`
    (`collection_member_permission_formset_factory`, Wagtail 7.4.4)."""
    from wagtail.documents.forms import GroupDocumentPermissionFormSet
    from wagtail.images.forms import GroupImagePermissionFormSet

    for formset in (GroupDocumentPermissionFormSet, GroupImagePermissionFormSet):
        formset.form.base_fields["collection"].label = label


def set_page_permission_labels(page_label, permission_label):
    """Label the group editor's page permissions: the page field, and each checkbox by
    `permission_label(permission)`.

    Relies on `wagtail.users.forms.PagePermissionsForm` (Wagtail 7.4.4) having a `page` field
    and a `permissions` ModelMultipleChoiceField whose choices are labelled by its
    `label_from_instance`."""
    from wagtail.users.forms import PagePermissionsForm

    PagePermissionsForm.base_fields["page"].label = page_label
    PagePermissionsForm.base_fields["permissions"].label_from_instance = permission_label


def page_permission_long_labels():
    """{codename: long label} of Wagtail's page permissions ("Publish any page").

    Relies on `wagtail.models.PAGE_PERMISSION_TYPES` (Wagtail 7.4.4) being (codename, short
    label, long label) tuples; it is importable from wagtail.models but not documented."""
    from wagtail.models import PAGE_PERMISSION_TYPES

    return {codename: long_label for codename, _short, long_label in PAGE_PERMISSION_TYPES}


def sites_listing_columns():
    """The columns of the admin's sites listing (Settings → Sites), each with `name` and `label`.

    Relies on `wagtail.sites.views.IndexView.columns` (Wagtail 7.4.4) being a class-level list of
    Column objects, named after Site's fields, built once at import."""
    from wagtail.sites.views import IndexView

    return IndexView.columns


def wrap_spreadsheet_cell(wrap):
    """Pass every cell of the admin's CSV and XLSX exports (its reports) through
    `wrap(original)`, a function of (view, field, value, export_format).

    Relies on `SpreadsheetExportMixin.preprocess_field_value(self, field, value, export_format)`
    (Wagtail 7.4.4, wagtail/admin/views/mixins.py) being called for each cell, with
    `SpreadsheetExportMixin.FORMAT_CSV` for the CSV ones."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    return wrap_function(SpreadsheetExportMixin, "preprocess_field_value", wrap)


# Wagtail's admin views that core/admin/views.py subclasses, imported when first asked for (their
# modules load the admin's models, which a cache backend or a middleware must not do at import).
ADMIN_VIEWS = {
    # The "add page" view (its autosave turned off). Relies, in Wagtail 7.4.4, on
    # `get_context_data` reading `self.autosave_enabled` (set in `dispatch`), and on
    # `expects_json_response` and `json_error_response(code, message)` for autosave requests.
    "PageCreateView": ("wagtail.admin.views.pages.create", "CreateView"),
    # The moderator's preview of the revision under review (`?mode=` added). Relies, in Wagtail
    # 7.4.4, on `self.task` and `self.task_state` set by `setup`, and `self.object`, the page.
    "TaskRevisionPreviewView": ("wagtail.admin.views.pages.workflow", "PreviewRevisionForTask"),
}


def __getattr__(name):
    if name in ADMIN_VIEWS:
        module, attribute = ADMIN_VIEWS[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# django-ninja


def ninja_api_with_content_type(content_type):
    """django-ninja's NinjaAPI, sending `content_type` on every answer it renders.

    Relies on django-ninja 1.8.0's `NinjaAPI.create_response` and `create_temporal_response`
    (ninja/main.py) taking the Content-Type from `self.get_content_type()`, an undocumented
    method (ninja's own adds "; charset=utf-8", which JSON does not have: RFC 8259)."""
    from ninja import NinjaAPI

    class ContentTypedAPI(NinjaAPI):
        def get_content_type(self):
            return content_type

    return ContentTypedAPI


# wagtail-modeltranslation


def wagtail_fragment_cache_node_class():
    """The node of Wagtail's `{% wagtailcache %}` (`wagtail.templatetags.wagtail_cache`), to
    subclass: Django's `CacheNode(nodelist, expire_time_var, fragment_name, vary_on, cache_name)`
    that renders previews uncached. Its `render` stores what it renders even with an expiry of 0
    (an entry that expires at once, which the database and local-memory caches keep until culled):
    core's `{% shared_content_cache %}` skips the cache then."""
    from wagtail.templatetags.wagtail_cache import WagtailCacheNode

    return WagtailCacheNode


def wrap_localized_site_root_paths(wrap):
    """Replace the function that lists each site's root paths in the active language (what every
    page URL is built from) with `wrap(original)`.

    Relies on wagtail-modeltranslation 0.16.1's `patch_wagtailadmin._new_get_site_root_paths`
    (installed as every page model's `_get_site_root_paths`) calling the module-level
    `_localized_site_get_site_root_paths()` by name each time, so replacing the module's
    attribute reaches every caller."""
    from wagtail_modeltranslation import patch_wagtailadmin

    return wrap_function(patch_wagtailadmin, "_localized_site_get_site_root_paths", wrap)


# Django: translations


def reset_translation_catalogs():
    """Drop this process's loaded gettext catalogs: the next lookup in each language reloads
    them from the .mo files.

    Relies on `django.utils.translation.trans_real` (Django 5.2.19) keeping the loaded
    DjangoTranslation objects in the module globals `_translations` (a dict by language) and
    `_default` (the LANGUAGE_CODE one), and on `translation(language)` filling them again."""
    trans_real._translations = {}
    trans_real._default = None


def translation_catalog(language):
    """The mutable catalog {msgid (or "context\\x04msgid"): msgstr} this process translates
    `language` with: an entry set here is what gettext answers from then on, until
    `reset_translation_catalogs`.

    Relies on `trans_real.translation(language)` (Django 5.2.19) returning the process-wide
    DjangoTranslation of that language, which looks messages up in its `_catalog`."""
    return catalog_of(trans_real.translation(language))


def catalog_of(translation):
    """The catalog of a DjangoTranslation object (its `_catalog`, a TranslationCatalog in Django
    5.2.19 with `get` and item access)."""
    return translation._catalog


def load_translation(language, domain="django", localedirs=None):
    """A DjangoTranslation read from the given locale directories only (tests compare Wagtail's
    catalogs with ours). Relies on `trans_real.DjangoTranslation(language, domain=...,
    localedirs=...)` (Django 5.2.19)."""
    return trans_real.DjangoTranslation(language, domain=domain, localedirs=localedirs)


def accept_language_preferences(header):
    """The language codes an Accept-Language header asks for, most wanted first ("*" included),
    each checked to look like a language code.

    Relies on `trans_real.parse_accept_lang_header(header)` (Django 5.2.19) returning
    (code, quality) pairs sorted by quality, lower-cased, and on `trans_real.language_code_re`,
    the pattern Django's own negotiation accepts codes by."""
    return [
        code
        for code, _quality in trans_real.parse_accept_lang_header(header)
        if code == "*" or trans_real.language_code_re.search(code)
    ]


def looks_like_language_code(code):
    """Whether `code` (say, the language cookie's value) has the shape Django accepts
    (`trans_real.language_code_re`, Django 5.2.19)."""
    return bool(trans_real.language_code_re.search(code))


# Django: models and fields

# The descriptor Django puts on a model class for each concrete field (`Model.<attname>`); the
# names staff see in their language (interface_strings/workflow_names.py) subclass it. Relies on
# `django.db.models.query_utils.DeferredAttribute(field)` with `__get__(instance, cls)` and
# `field.attname` (Django 5.2.19).
FieldDescriptor = DeferredAttribute


def replace_field_descriptor(model, field, descriptor_class):
    """Install `descriptor_class(field)` as the model's attribute for `field`, once. Returns
    False when it already was.

    Relies on Django (5.2.19) reading and writing a field's value through the descriptor found on
    the model class under `field.attname` (Field.contribute_to_class puts a DeferredAttribute
    there), and on the value living in the instance's `__dict__` under the same name."""
    if isinstance(model.__dict__.get(field.attname), descriptor_class):
        return False
    setattr(model, field.attname, descriptor_class(field))
    return True


def stored_field_value(instance, field):
    """The value a descriptor installed by `replace_field_descriptor` holds for `instance`, as
    stored (not as read through the descriptor)."""
    return instance.__dict__.get(field.attname)


def set_stored_field_value(instance, field, value):
    instance.__dict__[field.attname] = value


def was_prefetched(instance, related_name):
    """Whether `prefetch_related(related_name)` loaded that relation of `instance` already.

    Relies on Django (5.2.19) keeping prefetched relations in the instance's
    `_prefetched_objects_cache` dict under the relation's name (no public way to ask)."""
    return related_name in getattr(instance, "_prefetched_objects_cache", {})


def name_of_test_database(connection):
    """The name Django gives the test database of `connection` (test settings' NAME, or the
    backend's default such as "test_<NAME>").

    Relies on `connection.creation._get_test_db_name()` (Django 5.2.19), which
    `create_test_db` names the database with."""
    return connection.creation._get_test_db_name()


# Django: requests and responses


def split_host(host):
    """(domain, port) of a Host header: the domain in lower case without a trailing dot, the port
    as a string ("" when absent); ("", "") for an invalid host.

    Relies on `django.http.request.split_domain_port(host)` (Django 5.2.19; Wagtail's
    `Site._find_for_request` uses it too), which is not documented."""
    return split_domain_port(host)


def call_when_response_closes(response, callback):
    """Call `callback()` when the server closes `response` (for a streamed one, after its last
    byte or when the client goes away).

    Relies on `HttpResponseBase._resource_closers` (Django 5.2.19, django/http/response.py): a
    list of callables that `close()` calls, then clears."""
    response._resource_closers.append(callback)


# Django's Redis cache and redis-py


def redis_connection_pool(client, write):
    """The connection pool a Django RedisCacheClient uses for writes (`write=True`) or reads.

    Relies on `RedisCacheClient._get_connection_pool(write)` (Django 5.2.19,
    django/core/cache/backends/redis.py), which creates each server's pool once and keeps it."""
    return client._get_connection_pool(write)


def redis_client_class(client):
    """The redis-py client class a Django RedisCacheClient builds per call (`redis.Redis` in
    redis-py 8.1.0), called with `connection_pool=`. Relies on its `_client` attribute."""
    return client._client


def use_cache_client_class(cache, client_class):
    """Make a Django RedisCache build its client with `client_class` (a RedisCacheClient
    subclass), before its first use.

    Relies on `RedisCache._class` (Django 5.2.19): the class its `_cache` cached property
    instantiates with the servers and OPTIONS."""
    cache._class = client_class


def cache_client(cache):
    """What a Django cache keeps its entries with: a RedisCache's RedisCacheClient (with
    `get_client()`), a LocMemCache's dict of entries. Relies on their `_cache` attribute (Django
    5.2.19). Tests count what a cache holds with it."""
    return cache._cache
