from django.core.exceptions import ValidationError
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class VerifiedImageField(WagtailImageField):
    """A damaged image file (a cut-off PNG, say) is a form error, not a server error.

    Wagtail opens the file lazily and can fail while measuring it, outside its own checks.
    """

    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 - any decoder failure means a bad upload
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        generated = self.fields.get("file")
        if generated is not None:
            field = VerifiedImageField(
                label=generated.label, help_text=generated.help_text, required=generated.required
            )
            field.widget = generated.widget
            self.fields["file"] = field
