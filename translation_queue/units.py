"""Every text of a page that has a translation: its fields, the texts inside its body's blocks
(headings, paragraphs, captions, alternative texts...) and its inline items' fields.

A unit pairs the Spanish text with the target language's text. Texts inside a StreamField are
paired by block id: "Copy the Spanish layout" gives the target body the Spanish blocks' ids, so
each English caption is known to translate that Spanish caption. A target body built by hand
(other ids) is compared as a whole.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import capfirst
from modelcluster.models import get_all_child_relations
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField

from core.i18n.languages import default_language

# Page's own translated fields that are not text to translate (they follow the title).
NOT_TRANSLATED_TEXT = {"slug", "url_path"}
TEXT_BLOCKS = (blocks.CharBlock, blocks.TextBlock, blocks.RichTextBlock)
SEPARATOR = "/"


@dataclass
class Unit:
    key: str  # "intro", "body/<block id>/caption", "focal_institutions/<item id>/name"
    field_name: str  # "intro", "body", "focal_institutions"
    type_path: str  # "", "image/caption", "name"
    position: int  # order on the page's form
    source: str
    target: str
    focus: str  # the field's place in the editor (contentpath), in the target language
    rich: bool = False
    # The same text in both languages means not translated yet (see copied_from_layout).
    same_means_untranslated: bool = False

    @property
    def copied_from_layout(self):
        """A text inside a body: "Copy the Spanish layout" puts the Spanish text there, so the
        same text in both languages means not translated yet (a field typed the same, such as a
        country's name, is a translation). So does a slug left as the Spanish one under a title
        that was translated."""
        return SEPARATOR in self.key or self.same_means_untranslated


def translated_fields(model):
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    return [name for name in options.all_fields if name not in NOT_TRANSLATED_TEXT]


def _field_order(model, names):
    order = {field.name: index for index, field in enumerate(model._meta.get_fields())}
    # Title first, as on the form; then the model's own fields in their declared order.
    return sorted(names, key=lambda name: (name != "title", order.get(name, 0), name))


def _stream_texts(block, raw, key_parts, type_parts):
    """(key parts, type parts, text, is rich text) for each text inside a block's raw value."""
    if raw is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for index, item in enumerate(raw):
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                item_id = item.get("id") or str(index)
                yield from _stream_texts(
                    child, item.get("value"), [*key_parts, item_id], [*type_parts, item["type"]]
                )
    elif isinstance(block, blocks.ListBlock):
        for index, item in enumerate(raw):
            if isinstance(item, dict) and "value" in item and "type" in item:
                item_id, value = item.get("id") or str(index), item["value"]
            else:
                item_id, value = str(index), item
            yield from _stream_texts(
                block.child_block, value, [*key_parts, item_id], [*type_parts, "item"]
            )
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            if isinstance(raw, dict):
                yield from _stream_texts(
                    child, raw.get(name), [*key_parts, name], [*type_parts, name]
                )
    elif isinstance(block, TEXT_BLOCKS) and isinstance(raw, str) and strip_tags(raw).strip():
        yield key_parts, type_parts, raw, isinstance(block, blocks.RichTextBlock)


def raw_stream(value):
    if value is None:
        return []
    raw = getattr(value, "raw_data", value)
    return [dict(item) for item in raw] if raw else []


def _stream_units(page, field, language, position):
    stream_block = field.stream_block
    source_raw = raw_stream(
        getattr(page, build_localized_fieldname(field.name, default_language()))
    )
    target_raw = raw_stream(getattr(page, build_localized_fieldname(field.name, language)))
    target_field = build_localized_fieldname(field.name, language)
    source_texts = list(_stream_texts(stream_block, source_raw, [], []))
    target_texts = {
        tuple(parts): text
        for parts, _types, text, _rich in _stream_texts(stream_block, target_raw, [], [])
    }
    source_ids = {item.get("id") for item in source_raw}
    target_ids = {item.get("id") for item in target_raw}

    if target_raw and not source_ids & target_ids:
        # Written by hand, not from the Spanish layout: nothing to pair, compare the whole body.
        yield Unit(
            key=field.name,
            field_name=field.name,
            type_path="",
            position=position,
            source="\n\n".join(text for _k, _t, text, _r in source_texts),
            target="\n\n".join(target_texts.values()),
            focus=target_field,
            rich=True,
        )
        return

    with_text = set()
    for index, (key_parts, type_parts, text, rich) in enumerate(source_texts):
        with_text.add(key_parts[0])
        yield Unit(
            key=SEPARATOR.join([field.name, *key_parts]),
            field_name=field.name,
            type_path=SEPARATOR.join(type_parts),
            position=position + index,
            source=text,
            target=target_texts.get(tuple(key_parts), ""),
            focus=SEPARATOR.join([target_field, *key_parts]),
            rich=rich,
        )
    # A block with no text (an image without caption, an embed) must still be in the target body,
    # or visitors of that language lose it.
    for index, item in enumerate(source_raw):
        block_id = item.get("id")
        if block_id in with_text or item.get("type") not in stream_block.child_blocks:
            continue
        yield Unit(
            key=SEPARATOR.join([field.name, block_id or str(index)]),
            field_name=field.name,
            type_path=item["type"],
            position=position + len(source_texts) + index,
            source=f"[{item['type']}]",
            target=f"[{item['type']}]" if block_id in target_ids else "",
            focus=target_field,
        )


def _child_units(page, language, position):
    for relation in get_all_child_relations(type(page)):
        fields = translated_fields(relation.related_model)
        if not fields:
            continue
        name = relation.get_accessor_name()
        manager = getattr(page, name, None)
        if manager is None:
            continue
        for index, child in enumerate(manager.all()):
            item_id = str(child.pk) if child.pk else f"new-{index}"
            for field_name in fields:
                source = getattr(child, build_localized_fieldname(field_name, default_language()))
                target = getattr(child, build_localized_fieldname(field_name, language))
                yield Unit(
                    key=SEPARATOR.join([name, item_id, field_name]),
                    field_name=name,
                    type_path=field_name,
                    position=position + index,
                    source=source or "",
                    target=target or "",
                    focus=f"{name}-{index}-{build_localized_fieldname(field_name, language)}",
                )
        position += 1000


def page_units(page, language):
    """Every text of `page` (a specific page, live or from a revision) that has Spanish text,
    paired with its text in `language`."""
    model = type(page)
    units = []
    for index, name in enumerate(_field_order(model, translated_fields(model))):
        field = model._meta.get_field(name)
        position = index * 1000
        if isinstance(field, StreamField):
            units.extend(_stream_units(page, field, language, position))
        elif isinstance(field, (models.CharField, models.TextField)):
            source = getattr(page, build_localized_fieldname(name, default_language())) or ""
            if not strip_tags(source).strip():
                continue
            units.append(
                Unit(
                    key=name,
                    field_name=name,
                    type_path="",
                    position=position,
                    source=source,
                    target=getattr(page, build_localized_fieldname(name, language)) or "",
                    focus=build_localized_fieldname(name, language),
                    rich=isinstance(field, RichTextField),
                )
            )
    units.extend(_slug_units(page, language))
    units.extend(_child_units(page, language, 1_000_000))
    return [unit for unit in units if strip_tags(unit.source).strip()]


SLUG = "slug"


def _slug_units(page, language):
    """The page's address in `language`, once its title there differs from the Spanish title:
    until then the Spanish slug serves both (wagtail-modeltranslation falls back to it)."""
    source_title = getattr(page, build_localized_fieldname("title", default_language()), "") or ""
    title = getattr(page, build_localized_fieldname("title", language), "") or ""
    if not title.strip() or title.strip() == source_title.strip():
        return
    yield Unit(
        key=SLUG,
        field_name=SLUG,
        type_path="",
        position=1,  # right after the title
        source=getattr(page, build_localized_fieldname(SLUG, default_language())) or "",
        target=getattr(page, build_localized_fieldname(SLUG, language)) or "",
        focus=build_localized_fieldname(SLUG, language),
        same_means_untranslated=True,
    )


def unit_label(model, field_name, type_path, position_in_field=None):
    """The unit's name for people: "Cuerpo › Imagen con leyenda › Leyenda"."""
    parts = []
    try:
        field = model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - a field removed since the item was computed
        return field_name
    if isinstance(field, models.ManyToOneRel) or field.is_relation and field.one_to_many:
        related = field.related_model._meta
        parts.append(capfirst(related.verbose_name_plural))
        if type_path:
            try:
                parts.append(capfirst(related.get_field(type_path).verbose_name))
            except Exception:  # noqa: BLE001
                parts.append(type_path)
        return " › ".join(str(part) for part in parts)
    parts.append(capfirst(field.verbose_name))
    if isinstance(field, StreamField) and type_path:
        block = field.stream_block
        for name in type_path.split(SEPARATOR):
            child = getattr(block, "child_blocks", {}).get(name) if name != "item" else None
            if name == "item" and isinstance(block, blocks.ListBlock):
                block = block.child_block
                continue
            if child is None:
                break
            label = capfirst(child.label or name)
            # A heading's text is labelled "Heading" too: say it once.
            if str(label) != str(parts[-1]):
                parts.append(label)
            block = child
    return " › ".join(str(part) for part in parts)
