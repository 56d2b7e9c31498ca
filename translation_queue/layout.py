"""'Copy the Spanish layout': an empty body in another language gets the Spanish body's blocks
(images, embeds, documents, links and structure) with the same block ids and the Spanish text in
place, ready to be translated. The queue lists each copied text as missing until it is translated
(or reviewed as right), and pairs it with its Spanish original by block id."""

import copy

from modeltranslation.utils import build_localized_fieldname
from wagtail.fields import StreamField

from core.i18n.languages import default_language

from .units import raw_stream, translated_fields


def stream_fields(page):
    model = type(page)
    return [
        model._meta.get_field(name)
        for name in translated_fields(model)
        if isinstance(model._meta.get_field(name), StreamField)
    ]


def copyable_fields(page, language):
    """The StreamFields whose Spanish value has blocks and whose `language` value has none."""
    fields = []
    for field in stream_fields(page):
        source = raw_stream(
            getattr(page, build_localized_fieldname(field.name, default_language()))
        )
        target = raw_stream(getattr(page, build_localized_fieldname(field.name, language)))
        if source and not target:
            fields.append(field)
    return fields


def copy_layout(page, language):
    """Fill `page`'s empty `language` bodies from Spanish; returns the names of the fields filled.
    A body that already has blocks in that language is never touched."""
    filled = []
    for field in copyable_fields(page, language):
        source = raw_stream(
            getattr(page, build_localized_fieldname(field.name, default_language()))
        )
        setattr(page, build_localized_fieldname(field.name, language), copy.deepcopy(source))
        filled.append(field.name)
    return filled
