from django.core.exceptions import ValidationError
from PIL import Image
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from core.serving.uploads import limit_file_field


def frames_up_to(file, limit):
    """How many frames the image has, counting no further than `limit` (each step parses one
    more frame, and for some formats decodes it)."""
    file.seek(0)
    try:
        with Image.open(file) as image:
            count = 1
            try:
                while count < limit:
                    image.seek(count)
                    count += 1
            except EOFError:
                pass
            return count
    finally:
        file.seek(0)


class VerifiedImageField(WagtailImageField):
    """A damaged image file (a cut-off PNG, say) is a form error, not a server error.

    Wagtail opens the file lazily and can fail while measuring it, outside its own checks.

    WAGTAILIMAGES_MAX_IMAGE_PIXELS counts width x height x frames in Wagtail, but with Pillow
    (Willow's Pillow plugin) every image has one frame: the frames of animated GIF, WebP and
    PNG files are counted here.
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

    def check_image_pixel_size(self, f):
        super().check_image_pixel_size(f)
        if self.max_image_pixels is None:
            return
        width, height = f.image.get_size()
        frame_pixels = max(1, width * height)
        # One frame past what the limit allows is enough to refuse the file.
        frames = frames_up_to(f, self.max_image_pixels // frame_pixels + 1)
        if frames * frame_pixels > self.max_image_pixels:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {"num_pixels": frames * frame_pixels, "max_pixels_count": self.max_image_pixels},
                code="file_too_many_pixels",
            )


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        generated = self.fields.get("file")
        if generated is not None:
            field = VerifiedImageField(
                label=generated.label, help_text=generated.help_text, required=generated.required
            )
            field.widget = generated.widget
            limit_file_field(field)
            self.fields["file"] = field
