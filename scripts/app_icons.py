"""Draw Loa's app icons (static/img/loa-*.png) from the shapes of static/img/loa.svg.

Run once when the logo changes: `uv run python scripts/app_icons.py`. Drawn with Pillow at
four times the size and scaled down, so the edges are smooth; the maskable icon keeps the
megaphone inside the middle 80% that every launcher shape leaves visible."""

from pathlib import Path

from PIL import Image, ImageDraw

RED = (163, 29, 29, 255)  # #a31d1d, --loa-red
YELLOW = (255, 213, 79, 255)  # #ffd54f
STATIC = Path(__file__).resolve().parent.parent / "static" / "img"
# The logo's 16-unit drawing, its 1.2-unit stroke included: a loudspeaker and a sound wave
# (the filled part of a circle of radius 2 centred at (9.48, 8), right of x = 11).
SPEAKER = [(2.4, 5.9), (2.4, 10.1), (4.8, 10.1), (9.6, 13.1), (9.6, 2.9), (4.8, 5.9)]
WAVE_CENTRE, WAVE_RADIUS = (9.48, 8), 2 + 0.6


def draw(size, *, inset, rounded):
    big = size * 4
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if rounded:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 3 // 16, fill=RED)
    else:
        pen.rectangle((0, 0, big, big), fill=RED)
    unit = big * (1 - 2 * inset) / 16
    offset = big * inset

    def at(x, y):
        return (offset + x * unit, offset + y * unit)

    pen.polygon([at(x, y) for x, y in SPEAKER], fill=YELLOW)
    (cx, cy), r = WAVE_CENTRE, WAVE_RADIUS
    pen.chord((*at(cx - r, cy - r), *at(cx + r, cy + r)), start=-52, end=52, fill=YELLOW)
    return image.resize((size, size), Image.LANCZOS)


def main():
    draw(192, inset=0, rounded=True).save(STATIC / "loa-192.png", optimize=True)
    draw(512, inset=0, rounded=True).save(STATIC / "loa-512.png", optimize=True)
    draw(512, inset=0.12, rounded=False).save(STATIC / "loa-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
