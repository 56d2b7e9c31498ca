from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import sitemaps, views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Documents are served through Wagtail's view (permissions, download headers).
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page carries its language prefix; "/" is redirected by LocaleMiddleware
# to the visitor's language (cookie, then Accept-Language, then Spanish).
urlpatterns += i18n_patterns(
    path("sitemap.xml", sitemaps.language_sitemap, name="language_sitemap"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler500 = "quito_portal.views.server_error"
