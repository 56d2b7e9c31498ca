"""Crafted admin form posts from logged-in staff: counts and row ids no admin form sends are a
400, never a server error or minutes of work; every language's slug follows Wagtail's slug rules;
introductions have a length limit."""

import time

import pytest
from django.core.exceptions import ValidationError

from core.pages.models import INTRO_MAX_LENGTH, StandardPage
from members.models import MemberStatePage
from news.models import NewsPage

from .admin_forms import add_url, admin_post_data
from .factories import (
    MemberStatePageFactory,
    MemberStatesIndexPageFactory,
    NewsIndexPageFactory,
    StandardPageFactory,
)

# `tree` is test_admin's fixture: the parent each page type needs.
from .test_admin import ALL_PAGE_TYPES, form_data, tree  # noqa: F401


def post_page(client, model, parent, data, *, edit=None):
    url = f"/admin/pages/{edit.pk}/edit/" if edit else add_url(model, parent)
    started = time.monotonic()
    response = client.post(url, data)
    return response, time.monotonic() - started


def member_state_form(home, **changes):
    """The member state page form as the admin posts it, with `changes` laid over the flat
    (already encoded) post."""
    data = admin_post_data(form_data(MemberStatePage, home))
    data.update(changes)
    return data


@pytest.fixture
def states(home):
    return MemberStatesIndexPageFactory(parent=home)


# Item counts: inline panels (Django/modelcluster formsets) and StreamField blocks.


@pytest.mark.parametrize("row_id", ["²", "abc", "1e9", " 1", "9" * 40])
def test_an_inline_row_id_that_is_not_a_number_is_a_400(admin_client, home, states, row_id):
    data = member_state_form(home, **{"figures-INITIAL_FORMS": "1", "figures-0-id": row_id})
    response, _seconds = post_page(admin_client, MemberStatePage, states, data)
    assert response.status_code == 400
    assert not MemberStatePage.objects.exists()


def test_an_existing_row_without_its_id_is_a_400(admin_client, home, states):
    data = member_state_form(home, **{"figures-INITIAL_FORMS": "1"})
    data.pop("figures-0-id", None)
    response, _seconds = post_page(admin_client, MemberStatePage, states, data)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "field, total", [("figures", "1000000"), ("focal_institutions", "100000"), ("figures", "201")]
)
def test_a_huge_inline_count_is_a_quick_400(admin_client, home, states, field, total):
    data = member_state_form(home, **{f"{field}-TOTAL_FORMS": total})
    response, seconds = post_page(admin_client, MemberStatePage, states, data)
    assert response.status_code == 400
    assert seconds < 2


@pytest.mark.parametrize("total", ["-1", "٣", "²", "1e3", "", "3.0"])
def test_an_inline_count_that_is_not_a_number_is_a_400(admin_client, home, states, total):
    data = member_state_form(home, **{"figures-TOTAL_FORMS": total})
    response, _seconds = post_page(admin_client, MemberStatePage, states, data)
    assert response.status_code == 400


def test_an_inline_count_larger_than_the_rows_posted_is_a_400(admin_client, home, states):
    # 150 empty rows would each build a form: the admin never counts rows it does not send.
    data = member_state_form(home, **{"figures-TOTAL_FORMS": "150"})
    response, seconds = post_page(admin_client, MemberStatePage, states, data)
    assert response.status_code == 400
    assert seconds < 2


# Each bad count on one page type, and one bad count on every page type: the check is one
# middleware in front of every form (core/admin/form_bounds.py), not a copy per page type.
BAD_STREAM_COUNTS = ["abc", "²", "٣", "-2", "1e9", "99999999999999999999", "1000000", " 1"]
STREAM_COUNT_CASES = [(MemberStatePage, count) for count in BAD_STREAM_COUNTS] + [
    (model, "٣") for model in ALL_PAGE_TYPES if model is not MemberStatePage
]


@pytest.mark.parametrize(
    ("model", "count"),
    STREAM_COUNT_CASES,
    ids=[f"{model.__name__}-{count!r}" for model, count in STREAM_COUNT_CASES],
)
def test_a_stream_field_count_no_admin_form_sends_is_a_400_for_every_page_type(
    admin_client,
    tree,  # noqa: F811
    home,
    model,
    count,
):
    parent = tree(model)
    data = admin_post_data(form_data(model, home))
    data["body_es-count"] = count
    response, seconds = post_page(admin_client, model, parent, data)
    assert response.status_code == 400
    assert seconds < 2
    assert not model.objects.filter(slug_en="test-page").exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"body_en-0-order": "²"},  # Wagtail reads every block's order with int()
        {"body_en-0-type": ""},  # ... and its type
        {"body_en-count": "2"},  # a block that was not sent
    ],
    ids=["order", "type", "missing-block"],
)
def test_a_stream_block_without_the_keys_the_admin_sends_is_a_400(
    admin_client, home, states, changes
):
    data = member_state_form(home)
    data.update(changes)
    response, _seconds = post_page(admin_client, MemberStatePage, states, data)
    assert response.status_code == 400


def test_the_refusal_is_in_the_staff_members_language(admin_client, admin_user, home, states):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    data = member_state_form(home, **{"body_es-count": "²"})
    response, _seconds = post_page(admin_client, MemberStatePage, states, data)
    assert response.status_code == 400
    assert "Reload the page and try again" in response.content.decode()


def test_a_stream_count_is_also_checked_on_an_edit_and_in_the_preview(admin_client, home):
    page = StandardPageFactory(parent=home, title_es="Uno", title_en="One")
    data = admin_post_data(form_data(StandardPage, home))
    data["body_en-count"] = "1e9"
    response, _seconds = post_page(admin_client, StandardPage, home, data, edit=page)
    assert response.status_code == 400
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/preview/", data)
    assert response.status_code == 400


@pytest.mark.parametrize("model", ALL_PAGE_TYPES, ids=lambda model: model.__name__)
def test_every_page_type_form_as_the_admin_sends_it_still_saves(
    admin_client,
    tree,  # noqa: F811
    home,
    model,
):
    parent = tree(model)
    data = admin_post_data({**form_data(model, home), "action-publish": "1"})
    response, _seconds = post_page(admin_client, model, parent, data)
    assert response.status_code == 302


def test_an_edit_with_existing_rows_and_blocks_still_saves(admin_client, home, states):
    response, _seconds = post_page(
        admin_client, MemberStatePage, states, member_state_form(home, **{"action-publish": "1"})
    )
    assert response.status_code == 302
    page = MemberStatePage.objects.get()
    figure = page.figures.get()
    data = member_state_form(home, **{"action-publish": "1"})
    data.update({"figures-INITIAL_FORMS": "1", "figures-0-id": str(figure.pk)})
    data.update({"figures-0-value": "800000"})
    response, _seconds = post_page(admin_client, MemberStatePage, states, data, edit=page)
    assert response.status_code == 302
    assert page.figures.get().value == 800000


# Every language's slug follows Wagtail's slug rules.

BAD_SLUGS = ["página-²-ñ", "perú", "dos palabras", "../x", "a/b", "x?y=1", "-²"]


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("slug", BAD_SLUGS)
def test_a_slug_wagtail_would_refuse_is_a_form_error_in_each_language(
    admin_client, home, language, slug
):
    data = admin_post_data({**form_data(StandardPage, home), f"slug_{language}": slug})
    data["action-publish"] = "1"
    response, _seconds = post_page(admin_client, StandardPage, home, data)
    assert response.status_code == 200  # the form again, with what was typed
    assert f"slug_{language}" in response.context["form"].errors
    assert "Página de prueba" in response.content.decode()
    assert not StandardPage.objects.exists()


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("slug", BAD_SLUGS)
def test_a_slug_wagtail_would_refuse_fails_model_validation_in_each_language(home, language, slug):
    page = StandardPageFactory(parent=home, title_es="Uno", title_en="One")
    setattr(page, f"slug_{language}", slug)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert f"slug_{language}" in error.value.message_dict


@pytest.mark.parametrize(
    "model, parent_factory",
    [(StandardPage, None), (MemberStatePage, MemberStatesIndexPageFactory)],
    ids=["StandardPage", "MemberStatePage"],
)
def test_a_sibling_slug_in_english_is_a_form_error_on_creation(
    admin_client, home, model, parent_factory
):
    parent = parent_factory(parent=home) if parent_factory else home
    if model is MemberStatePage:
        MemberStatePageFactory(parent=parent, country="AR", slug_es="otra", slug_en="test-page")
    else:
        StandardPageFactory(parent=parent, slug_es="otra", slug_en="test-page")
    data = admin_post_data({**form_data(model, home), "action-publish": "1"})
    response, _seconds = post_page(admin_client, model, parent, data)
    assert response.status_code == 200
    assert "slug_en" in response.context["form"].errors
    assert model.objects.child_of(parent).count() == 1


def test_a_sibling_slug_in_spanish_is_a_form_error_on_edit(admin_client, home):
    StandardPageFactory(parent=home, slug_es="pagina-de-prueba", slug_en="other")
    page = StandardPageFactory(parent=home, slug_es="mia", slug_en="mine")
    data = admin_post_data({**form_data(StandardPage, home), "action-publish": "1"})
    response, _seconds = post_page(admin_client, StandardPage, home, data, edit=page)
    assert response.status_code == 200
    assert "slug_es" in response.context["form"].errors


def test_a_sibling_slug_in_english_fails_model_validation(home):
    StandardPageFactory(parent=home, slug_es="una", slug_en="same")
    page = StandardPageFactory(parent=home, slug_es="otra", slug_en="other")
    page.slug_en = "same"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "slug_en" in error.value.message_dict


def test_the_same_english_slug_under_another_parent_is_fine(home):
    first = StandardPageFactory(parent=home, slug_es="una", slug_en="same")
    StandardPageFactory(parent=first, slug_es="otra", slug_en="same").full_clean()


def test_a_news_item_with_a_sibling_slug_is_a_form_error(admin_client, home):
    news = NewsIndexPageFactory(parent=home)
    data = admin_post_data({**form_data(NewsPage, home), "action-publish": "1"})
    response, _seconds = post_page(admin_client, NewsPage, news, data)
    assert response.status_code == 302
    data["title_en"] = "Another"
    response, _seconds = post_page(admin_client, NewsPage, news, data)
    assert response.status_code == 200
    assert {"slug_es", "slug_en"} <= set(response.context["form"].errors)


# Introductions have a length limit.


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_too_long_introduction_is_a_form_error_and_nothing_is_lost(admin_client, home, language):
    data = {**form_data(StandardPage, home), f"intro_{language}": "x" * (INTRO_MAX_LENGTH + 1)}
    response, _seconds = post_page(admin_client, StandardPage, home, admin_post_data(data))
    assert response.status_code == 200
    assert f"intro_{language}" in response.context["form"].errors
    assert "Página de prueba" in response.content.decode()


def test_an_introduction_at_the_limit_is_accepted(admin_client, home):
    data = {**form_data(StandardPage, home), "intro_en": "x" * INTRO_MAX_LENGTH}
    data["action-publish"] = "1"
    response, _seconds = post_page(admin_client, StandardPage, home, admin_post_data(data))
    assert response.status_code == 302


@pytest.mark.parametrize("model", ALL_PAGE_TYPES, ids=lambda model: model.__name__)
def test_every_page_types_introduction_has_the_limit(db, model):
    for language in ("es", "en"):
        field = model._meta.get_field(f"intro_{language}")
        assert field.max_length == INTRO_MAX_LENGTH
        field.clean("x" * INTRO_MAX_LENGTH, model())
        with pytest.raises(ValidationError):
            field.clean("x" * (INTRO_MAX_LENGTH + 1), model())


def test_the_admin_shows_the_introduction_limit(admin_client, home):
    from .html import parse

    page = parse(admin_client.get(add_url(StandardPage, home)))
    textarea = page.find("textarea", attrs={"name": "intro_en"})
    assert textarea["maxlength"] == str(INTRO_MAX_LENGTH)


# Animated images: WAGTAILIMAGES_MAX_IMAGE_PIXELS counts every frame.


def animated_gif(frames, size=100):
    from io import BytesIO

    from PIL import Image as PillowImage

    # Consecutive frames differ, or Pillow would merge them into one.
    images = [PillowImage.new("P", (size, size), color=index % 256) for index in range(frames)]
    buffer = BytesIO()
    images[0].save(
        buffer, "GIF", save_all=True, append_images=images[1:], duration=20, optimize=False
    )
    return buffer.getvalue()


def animated_webp(frames, size=100):
    from io import BytesIO

    from PIL import Image as PillowImage

    # Frames far apart in colour, losslessly: the encoder would merge near-identical ones.
    images = [
        PillowImage.new("RGB", (size, size), (index * 37 % 256, index * 91 % 256, index * 13 % 256))
        for index in range(frames)
    ]
    buffer = BytesIO()
    images[0].save(
        buffer, "WEBP", save_all=True, append_images=images[1:], duration=20, lossless=True
    )
    assert PillowImage.open(buffer).n_frames == frames
    return buffer.getvalue()


def upload(client, name, content, content_type="image/gif"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/admin/images/add/",
        {
            "title": "Animación",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": 1,
        },
    )


def test_an_animated_gif_over_the_pixel_limit_in_frames_is_refused(admin_client):
    from wagtail.images.models import Image

    # 5,000 frames of 100 x 100: 50 million pixels, over the site's 40 million.
    response = upload(admin_client, "muchos.gif", animated_gif(5000))
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    "name, make, content_type",
    [("animado.gif", animated_gif, "image/gif"), ("animado.webp", animated_webp, "image/webp")],
)
def test_frames_count_towards_the_pixel_limit(admin_client, settings, name, make, content_type):
    from wagtail.images.models import Image

    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100 * 100 * 20
    response = upload(admin_client, name, make(21), content_type)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    response = upload(admin_client, name, make(20), content_type)
    assert response.status_code == 302
    assert Image.objects.count() == 1


def test_the_multiple_upload_refuses_an_animated_gif_over_the_limit(admin_client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.images.models import Image

    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100 * 100 * 20
    response = admin_client.post(
        "/admin/images/multiple/add/",
        {
            "files[]": SimpleUploadedFile("muchos.gif", animated_gif(40), "image/gif"),
            "collection": 1,
        },
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert response.json()["error_message"]
    assert not Image.objects.exists()
