"""Illustrative pictures for the demo "Dân vận khéo" models, drawn offline with Pillow.

Nothing is downloaded: a scene of simple shapes (sky, hills, a road, houses, an office, the
flag) chosen by the model's field, coloured and arranged from a seed, so that the same model
always gets the same picture. Every picture says it is an illustration for demo data. The
model's name is written on it only when a font with the Vietnamese letters is found: a name
with missing glyphs (boxes instead of "ệ", "ư") would look broken, so then only "DEMO" is
written.
"""

from __future__ import annotations

import io
import math
import random
import unicodedata
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont, ImageOps

from danvan.exemplars.models import ExemplarField

WIDTH, HEIGHT = 800, 500
HORIZON = 300
LABEL = "Ảnh minh họa (demo)"
FALLBACK_LABEL = "DEMO"  # ASCII, which any font (even Pillow's built-in one) draws

# Fonts known to carry the Vietnamese letters, looked for in the system's font folders
# (Pillow searches them by file name); each is still checked before it is used.
_FONT_FILES = (
    "DejaVuSans-Bold.ttf",
    "DejaVuSans.ttf",
    "NotoSans-Bold.ttf",
    "NotoSans-Regular.ttf",
    "LiberationSans-Bold.ttf",
    "LiberationSans-Regular.ttf",
)
# Every letter Vietnamese adds to ASCII (lower and upper case, precomposed).
_VIETNAMESE = (
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
)

Colour = tuple[int, int, int]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

# Sky (top, bottom), far hills, near ground, accent — one palette per field, so that the
# gallery reads at a glance.
_PALETTES: dict[str, tuple[Colour, Colour, Colour, Colour, Colour]] = {
    ExemplarField.ECONOMY: (
        (92, 160, 222),
        (214, 236, 250),
        (104, 160, 92),
        (150, 196, 84),
        (238, 196, 64),
    ),
    ExemplarField.CULTURE_SOCIETY: (
        (246, 170, 110),
        (252, 226, 186),
        (120, 150, 104),
        (170, 190, 110),
        (214, 64, 58),
    ),
    ExemplarField.DEFENCE_SECURITY: (
        (38, 62, 120),
        (132, 150, 196),
        (62, 96, 80),
        (92, 124, 92),
        (250, 214, 96),
    ),
    ExemplarField.POLITICAL_SYSTEM: (
        (110, 170, 210),
        (226, 238, 246),
        (116, 150, 120),
        (176, 186, 160),
        (200, 40, 40),
    ),
}


def _shade(colour: Colour, factor: float, rng: random.Random) -> Colour:
    """The colour a little lighter or darker, varied per picture."""
    jitter = rng.uniform(-0.06, 0.06)
    r, g, b = (max(0, min(255, round(c * (factor + jitter)))) for c in colour)
    return (r, g, b)


def _covers_vietnamese(font: Font) -> bool:
    """Whether the font draws every Vietnamese letter as itself: a letter the font lacks is
    drawn as the same "missing glyph" box as a character no font has."""

    def ink(text: str) -> bytes:
        image = Image.new("L", (40, 40))
        ImageDraw.Draw(image).text((4, 4), text, font=font, fill=255)
        return image.tobytes()

    missing = ink("\U000f0000")  # a private-use character: no real font has it
    return all(ink(letter) != missing for letter in _VIETNAMESE)


@lru_cache(maxsize=8)
def vietnamese_font(size: int) -> ImageFont.FreeTypeFont | None:
    """A font that writes Vietnamese at `size` pixels, or None when the system has none."""
    for name in _FONT_FILES:
        try:
            font = ImageFont.truetype(name, size)
        except OSError:
            continue
        if _covers_vietnamese(font):
            return font
    return None


def _wrap(text: str, font: Font, width: int, max_lines: int) -> list[str]:
    """Words to lines no wider than `width`; an overlong last line ends with "…"."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and font.getlength(f"{last} …") > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines = [*lines[: max_lines - 1], f"{last} …"]
    return lines


# The scene --------------------------------------------------------------------------------------


def _sky(top: Colour, bottom: Colour) -> Image.Image:
    gradient = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    # RGB, not RGBA: drawing in "RGBA" mode then blends translucent shapes onto it.
    return ImageOps.colorize(gradient, top, bottom)


def _ridge(
    draw: ImageDraw.ImageDraw, rng: random.Random, base: int, height: int, fill: Colour
) -> None:
    """A band of hills: two sine waves of random phase over a base line."""
    phase, phase2 = rng.uniform(0, math.tau), rng.uniform(0, math.tau)
    wave, wave2 = rng.uniform(1.2, 2.4), rng.uniform(3.0, 5.0)
    points = [
        (
            x,
            base
            - height * (0.6 + 0.4 * math.sin(x / WIDTH * math.tau * wave + phase))
            - height * 0.25 * math.sin(x / WIDTH * math.tau * wave2 + phase2),
        )
        for x in range(0, WIDTH + 20, 20)
    ]
    draw.polygon([*points, (WIDTH, HEIGHT), (0, HEIGHT)], fill=fill)


def _flag(draw: ImageDraw.ImageDraw, x: int, y: int, size: int) -> None:
    """The national flag on a pole, the pole's foot at (x, y)."""
    top = y - size * 3
    draw.line([(x, y), (x, top)], fill=(90, 90, 90), width=max(2, size // 12))
    w, h = size * 1.5, size
    draw.rectangle([x, top, x + w, top + h], fill=(218, 37, 29))
    cx, cy, r = x + w / 2, top + h / 2, h * 0.32
    star = [
        (
            cx + (r if i % 2 == 0 else r * 0.4) * math.sin(i * math.pi / 5),
            cy - (r if i % 2 == 0 else r * 0.4) * math.cos(i * math.pi / 5),
        )
        for i in range(10)
    ]
    draw.polygon(star, fill=(255, 221, 0))


def _house(draw: ImageDraw.ImageDraw, rng: random.Random, x: int, ground: int, size: int) -> None:
    wall = rng.choice([(240, 228, 200), (236, 214, 170), (222, 226, 232), (246, 238, 220)])
    roof = rng.choice([(176, 70, 50), (150, 60, 48), (96, 110, 140), (190, 96, 60)])
    w, h = size, int(size * 0.7)
    draw.rectangle([x, ground - h, x + w, ground], fill=wall)
    draw.polygon(
        [(x - 6, ground - h), (x + w / 2, ground - h - size * 0.5), (x + w + 6, ground - h)],
        fill=roof,
    )
    door = w // 4
    draw.rectangle(
        [x + w / 2 - door / 2, ground - h * 0.55, x + w / 2 + door / 2, ground], fill=(110, 80, 60)
    )


def _tree(draw: ImageDraw.ImageDraw, rng: random.Random, x: int, ground: int, size: int) -> None:
    green = _shade((60, 130, 60), 1.0, rng)
    draw.rectangle(
        [x - size * 0.08, ground - size * 0.7, x + size * 0.08, ground], fill=(110, 80, 50)
    )
    draw.ellipse(
        [x - size * 0.45, ground - size * 1.4, x + size * 0.45, ground - size * 0.55], fill=green
    )


def _road(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    """A new concrete road running to the horizon (hiến đất mở đường)."""
    vanish = rng.randint(WIDTH // 3, 2 * WIDTH // 3)
    near_left, near_right = rng.randint(180, 300), rng.randint(500, 620)
    draw.polygon(
        [
            (vanish - 6, HORIZON + 6),
            (vanish + 6, HORIZON + 6),
            (near_right, HEIGHT),
            (near_left, HEIGHT),
        ],
        fill=(196, 196, 188),
    )
    for t in (0.15, 0.35, 0.6, 0.9):  # the dashes of the centre line, longer when nearer
        x0 = vanish + ((near_left + near_right) / 2 - vanish) * t
        y0 = HORIZON + 6 + (HEIGHT - HORIZON - 6) * t
        draw.line(
            [(x0, y0), (x0 + 2 * t, y0 + 30 * t)], fill=(250, 250, 250), width=max(1, round(5 * t))
        )


def _fields(draw: ImageDraw.ImageDraw, rng: random.Random, ground: Colour) -> None:
    """Rows of rice in perspective."""
    for i in range(14):
        y = HORIZON + 14 + i * i * 1.1 + i * 6
        if y >= HEIGHT:
            break
        draw.line([(0, y), (WIDTH, y)], fill=_shade(ground, 0.82, rng), width=1 + i // 4)


def _office(draw: ImageDraw.ImageDraw, rng: random.Random, x: int, ground: int) -> None:
    """A public office with columns, windows and the flag on top."""
    w, h = 300, 150
    wall = rng.choice([(246, 222, 150), (240, 230, 200), (236, 206, 140)])
    draw.rectangle([x, ground - h, x + w, ground], fill=wall)
    draw.polygon(
        [(x - 10, ground - h), (x + w / 2, ground - h - 40), (x + w + 10, ground - h)],
        fill=(178, 60, 48),
    )
    for row in range(2):
        for col in range(6):
            wx, wy = x + 18 + col * 47, ground - h + 20 + row * 55
            draw.rectangle([wx, wy, wx + 26, wy + 34], fill=(110, 150, 190))
    draw.rectangle([x + w / 2 - 22, ground - 52, x + w / 2 + 22, ground], fill=(120, 86, 60))
    _flag(draw, int(x + w / 2), int(ground - h - 38), 26)


def _lamps(draw: ImageDraw.ImageDraw, rng: random.Random, ground: int, glow: Colour) -> None:
    """Street lamps lit along the lane (an evening patrol)."""
    for x in range(rng.randint(40, 120), WIDTH, rng.randint(150, 210)):
        draw.line([(x, ground), (x, ground - 110)], fill=(70, 70, 80), width=5)
        draw.ellipse([x - 22, ground - 132, x + 22, ground - 88], fill=(*glow, 90))
        draw.ellipse([x - 8, ground - 118, x + 8, ground - 102], fill=glow)


def _people(
    draw: ImageDraw.ImageDraw, rng: random.Random, ground: int, count: int, shirts: list[Colour]
) -> None:
    """A group of villagers, some in conical hats (nón lá), standing at `ground`."""
    start = rng.randint(40, WIDTH - 60 - count * 38)
    for i in range(count):
        x, h = start + i * 38 + rng.randint(-6, 6), rng.randint(50, 62)
        feet = ground + rng.randint(-4, 4)
        shoulders = feet - h * 0.72
        draw.rounded_rectangle([x - 11, shoulders, x + 11, feet], radius=6, fill=rng.choice(shirts))
        draw.ellipse([x - 8, shoulders - 18, x + 8, shoulders - 2], fill=(232, 190, 150))
        if rng.random() < 0.5:
            draw.polygon(
                [(x - 17, shoulders - 9), (x + 17, shoulders - 9), (x, shoulders - 26)],
                fill=(236, 214, 150),
            )


_SHIRTS: list[Colour] = [(250, 250, 250), (70, 110, 180), (200, 60, 60), (240, 200, 80)]
_UNIFORMS: list[Colour] = [(86, 110, 60), (70, 96, 52), (40, 70, 130)]


def _scene(field: str, rng: random.Random) -> Image.Image:
    top, bottom, far, near, accent = _PALETTES.get(field, _PALETTES[ExemplarField.ECONOMY])
    image = _sky(_shade(top, 1.0, rng), _shade(bottom, 1.0, rng))
    draw = ImageDraw.Draw(image, "RGBA")
    sun = rng.randint(80, WIDTH - 80), rng.randint(60, 150)
    draw.ellipse([sun[0] - 38, sun[1] - 38, sun[0] + 38, sun[1] + 38], fill=(*accent, 230))
    _ridge(draw, rng, HORIZON - 10, rng.randint(70, 120), _shade(far, 0.85, rng))
    _ridge(draw, rng, HORIZON + 20, rng.randint(30, 60), _shade(near, 0.95, rng))
    draw.rectangle([0, HORIZON + 20, WIDTH, HEIGHT], fill=_shade(near, 1.0, rng))
    if field == ExemplarField.ECONOMY:
        _fields(draw, rng, near)
        _road(draw, rng)
        for x in sorted(rng.sample(range(20, WIDTH - 80, 40), 4)):
            _tree(draw, rng, x, HORIZON + rng.randint(30, 60), rng.randint(40, 70))
    elif field == ExemplarField.POLITICAL_SYSTEM:
        _office(draw, rng, rng.randint(60, WIDTH - 380), HORIZON + 70)
        for x in (rng.randint(10, 50), rng.randint(WIDTH - 60, WIDTH - 20)):
            _tree(draw, rng, x, HORIZON + 90, 80)
    else:
        # A village lane: houses and trees; in the evening with lamps for security models.
        ground = HORIZON + 80
        xs = sorted(rng.sample(range(10, WIDTH - 200, 60), 5))  # clear of the flag
        for i, x in enumerate(xs):
            (_house if i % 2 == 0 else _tree)(draw, rng, x, ground, rng.randint(70, 100))
        if field == ExemplarField.DEFENCE_SECURITY:
            _lamps(draw, rng, ground + 40, accent)
        else:
            _flag(draw, WIDTH - 90, ground, 28)
    security = field == ExemplarField.DEFENCE_SECURITY
    _people(draw, rng, HORIZON + 92, rng.randint(3, 6), _UNIFORMS if security else _SHIRTS)
    return image


# The labels -------------------------------------------------------------------------------------


def _label(image: Image.Image, title: str) -> None:
    """The "demo" badge (top left) and, when Vietnamese can be written, the name below."""
    draw = ImageDraw.Draw(image, "RGBA")
    small, large = vietnamese_font(20), vietnamese_font(30)
    badge_font: Font = small or ImageFont.load_default(20)
    badge = LABEL if small else FALLBACK_LABEL
    left, top, right, bottom = draw.textbbox((24, 20), badge, font=badge_font)
    draw.rounded_rectangle(
        [left - 12, top - 8, right + 12, bottom + 8], radius=8, fill=(255, 221, 0, 235)
    )
    draw.text((24, 20), badge, font=badge_font, fill=(60, 30, 0))
    if large is None:
        return
    lines = _wrap(title, large, WIDTH - 60, max_lines=2)
    line_height = 40
    band = len(lines) * line_height + 28
    draw.rectangle([0, HEIGHT - band, WIDTH, HEIGHT], fill=(0, 0, 0, 150))
    for i, line in enumerate(lines):
        draw.text(
            (30, HEIGHT - band + 14 + i * line_height), line, font=large, fill=(255, 255, 255)
        )


def demo_picture(*, title: str, field: str, seed: str) -> bytes:
    """A JPEG of WIDTH×HEIGHT for a demo model: the same arguments give the same bytes."""
    # Seeded by a string, the same sequence in every process; not for secrets (S311).
    rng = random.Random(seed)  # noqa: S311
    image = _scene(field, rng)
    _label(image, unicodedata.normalize("NFC", title))
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=82)
    return out.getvalue()


__all__ = ["HEIGHT", "LABEL", "WIDTH", "demo_picture", "vietnamese_font"]
