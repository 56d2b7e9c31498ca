"""Copies the README's pictures from the browser tests' screenshots (artifacts/screenshots/),
cropped to the first screens, into docs/screenshots/. Run by `make screenshots`."""

from pathlib import Path

from PIL import Image

BASE = Path(__file__).resolve().parent.parent
SOURCE = BASE / "artifacts" / "screenshots"
TARGET = BASE / "docs" / "screenshots"
PICTURES = {
    "es-desktop-home.png": ("home-es-desktop.png", 1100),
    "es-phone-member-state.png": ("member-state-es-phone.png", 1400),
    "translator-after-save.png": ("admin-translation-editor.png", 900),
}


def main():
    TARGET.mkdir(parents=True, exist_ok=True)
    for source, (target, height) in PICTURES.items():
        image = Image.open(SOURCE / source).convert("RGB")
        image.crop((0, 0, image.width, min(image.height, height))).save(
            TARGET / target, optimize=True
        )
        print(TARGET / target)


if __name__ == "__main__":
    main()
