"""Draw the app icon (resources/icons/nianbao.png and .ico) with Pillow and a Chinese font.

    python3 tools/make_icon.py [FONT_FILE]
"""
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
FONT = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def draw(size: int = 256) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    r = size // 6
    d.rounded_rectangle([4, 4, size - 5, size - 5], radius=r, fill=(183, 28, 28, 255))
    # a white sheet with a check mark
    m = size // 6
    d.rounded_rectangle([m, m, size - m, size - m], radius=size // 24, fill=(255, 255, 255, 255))
    font = ImageFont.truetype(FONT, int(size * 0.30))
    text = "年报"
    w = d.textlength(text, font=font)
    d.text(((size - w) / 2, size * 0.22), text, font=font, fill=(183, 28, 28, 255))
    lw = max(3, size // 20)
    d.line([(size * 0.33, size * 0.66), (size * 0.45, size * 0.76), (size * 0.68, size * 0.55)],
           fill=(46, 125, 50, 255), width=lw, joint="curve")
    return img


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    img = draw()
    img.save(OUT / "nianbao.png")
    img.save(OUT / "nianbao.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print("written", OUT)
