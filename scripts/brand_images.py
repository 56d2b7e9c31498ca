"""Renders the raster brand images from static/img/logo.svg (run after changing the mark):
the touch icon (180 px), favicon.ico (16, 32, 48 px) and the 1200x630 share image.

    .venv/bin/python scripts/brand_images.py     # needs Chromium (make install-browser)
"""

import os
import tempfile
from io import BytesIO
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

IMG = Path(__file__).resolve().parent.parent / "static" / "img"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

SHARE = """<html><body style="margin:0;width:1200px;height:630px;background:#0b3a63;display:flex;
align-items:center;gap:56px;padding:0 96px;box-sizing:border-box;color:#fff;
font-family:system-ui,sans-serif"><img src="{logo}" width="220" height="220">
<div><div style="font-size:76px;font-weight:700;line-height:1.1">Proceso de Quito</div>
<div style="font-size:46px;color:#f2c14e;margin-top:12px">Quito Process</div>
<div style="font-size:29px;margin-top:36px;line-height:1.35">Respuesta regional a la movilidad
humana de personas venezolanas</div></div></body></html>"""


def render(page, html, width, height):
    page.set_viewport_size({"width": width, "height": height})
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False) as file:
        file.write(html)
    try:
        page.goto(Path(file.name).as_uri())
        return Image.open(BytesIO(page.screenshot(omit_background=True)))
    finally:
        os.unlink(file.name)


def main():
    logo = (IMG / "logo.svg").as_uri()
    icon = f'<html><body style="margin:0"><img src="{logo}" width="{{size}}" height="{{size}}"></body></html>'
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        touch = render(page, icon.format(size=180), 180, 180)
        # The touch icon has no transparency (iOS shows it on black).
        background = Image.new("RGB", touch.size, "#0b3a63")
        background.paste(touch, mask=touch.convert("RGBA"))
        background.save(IMG / "apple-touch-icon.png", optimize=True)
        render(page, icon.format(size=256), 256, 256).save(
            IMG / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)]
        )
        render(page, SHARE.format(logo=logo), 1200, 630).convert("RGB").save(
            IMG / "share.png", optimize=True
        )
        browser.close()


if __name__ == "__main__":
    main()
