from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core.admin import views as admin_views
from core.serving import documents, routing, sitemaps, uploads, views
from open_data import urls as open_data_urls

urlpatterns = [
    # Two of Wagtail's admin views, replaced on their own paths (core/admin/views.py): the add
    # form without autosave (no page until the editor saves) and the moderator's preview in the
    # language asked for.
    path(
        "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/"
        "<int:parent_page_id>/",
        admin_views.admin_view(admin_views.CreatePageWithoutAutosave),
    ),
    path(
        "admin/pages/workflow/preview/<int:page_id>/<int:task_id>/",
        admin_views.admin_view(admin_views.PreviewRevisionForTaskInLanguage),
    ),
    path("admin/", include(wagtailadmin_urls)),
    # Documents are served through Wagtail's view (permissions, download headers), which
    # core.serving.documents wraps to keep restricted documents out of search engines.
    re_path(r"^documents/(\d+)/(.*)$", documents.serve, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    # The read API (open_data): outside the language prefixes, the language is a parameter.
    path("", include("open_data.api_urlconf")),
    path("healthz", views.healthz, name="healthz"),
    # Where nginx hands a request body it refused as too large (deploy/nginx.conf, core/serving/uploads.py).
    path("upload-too-large", uploads.too_large_view, name="upload_too_large"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    # Django's sitemaps: an index of one sitemap per language (/es/sitemap.xml, /en/sitemap.xml).
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    re_path(
        sitemaps.language_sitemap_pattern(), sitemaps.language_sitemap, name="language_sitemap"
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page carries its language prefix; "/" is redirected by LocaleMiddleware
# to the visitor's language among the public ones (cookie, then each Accept-Language preference,
# then Spanish: core.i18n.launch.visitor_language).
urlpatterns += i18n_patterns(
    # The site search, /es/buscar/ and /en/search/ (before the pattern that matches any path).
    path("", include("search.urls")),
    # Downloads of the site's data, /es/datos/... and /en/data/... (open_data).
    path("", include(open_data_urls.download_patterns)),
    # Pages are found by their url_path in one query (core/serving/routing.py), then served by Wagtail;
    # the rest of Wagtail's public URLs (password and login forms for private pages) as they are.
    re_path(routing.SERVE_PATTERN, routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler500 = "core.serving.views.server_error"
