from django.http import HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token

from .i18n import language_from_path


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """A 500 page in the language of the URL prefix, rendered without touching the database."""
    with translation.override(language_from_path(request.path)):
        html = loader.get_template(template_name).render({"request": request})
    return HttpResponseServerError(html)
