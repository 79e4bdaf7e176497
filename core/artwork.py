"""Abstract artwork for the demo content, drawn with Pillow (no photos needed)."""

import functools
import io
import random

from PIL import Image, ImageDraw, ImageFilter

PALETTES = [
    ("#f3e3d3", "#d98b65", "#1d5c57", "#f6c28b"),
    ("#e6efe9", "#7fb3a6", "#2f4858", "#f2b5a0"),
    ("#f7ede2", "#e5989b", "#6d597a", "#ffcdb2"),
    ("#eaf2f8", "#8fb8de", "#1f3b57", "#f4d06f"),
    ("#f4f1de", "#e07a5f", "#3d405b", "#81b29a"),
    ("#fdf0e6", "#c8553d", "#2a4d43", "#f28f3b"),
]
# The colours in words (Dutch, like the demo texts), for honest alternative text.
COLOUR_NAMES = [
    ("terracotta", "perzik", "donkergroen"),
    ("saliegroen", "zalmroze", "leisteenblauw"),
    ("oudroze", "perzik", "paars"),
    ("lichtblauw", "geel", "donkerblauw"),
    ("koraal", "groen", "donkerblauw"),
    ("roestrood", "oranje", "donkergroen"),
]


def describe(seed):
    first, accent, second = COLOUR_NAMES[seed % len(COLOUR_NAMES)]
    return (
        f"Abstracte illustratie: zachte vormen in {first}, {accent} en {second}, "
        "met twee ringen die in elkaar grijpen"
    )


@functools.cache
def artwork(seed, size=(1200, 675), *, rings=True):
    """Soft shapes and two linked rings on a gradient; the same seed, the same PNG."""
    rng = random.Random(seed)  # noqa: S311 (art, not secrets)
    background, first, second, accent = PALETTES[seed % len(PALETTES)]
    # Shapes are drawn at half size and scaled up: they are blurred anyway.
    small = (size[0] // 2, size[1] // 2)
    gradient = Image.linear_gradient("L")
    if rng.random() < 0.5:
        gradient = gradient.transpose(Image.Transpose.ROTATE_90)
    image = Image.composite(
        Image.new("RGB", small, background),
        Image.new("RGB", small, first),
        gradient.resize(small).point(lambda value: 170 + value // 3),
    )
    for colour in (first, accent, second, accent):
        radius = rng.randint(small[1] // 6, small[1] // 2)
        x, y = rng.randint(0, small[0]), rng.randint(0, small[1])
        mask = Image.new("L", small, 0)
        ImageDraw.Draw(mask).ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=170
        )
        mask = mask.filter(ImageFilter.GaussianBlur(small[1] // 30))
        image = Image.composite(Image.new("RGB", small, colour), image, mask)
    image = image.resize(size, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(image)
    radius = size[1] // 5
    centre_x, centre_y = rng.randint(size[0] // 3, 2 * size[0] // 3), size[1] // 2
    for offset in (-radius * 0.6, radius * 0.6) if rings else ():
        x = centre_x + offset
        draw.ellipse(
            (x - radius, centre_y - radius, x + radius, centre_y + radius),
            outline=second,
            width=max(4, size[1] // 90),
        )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@functools.cache
def monogram(initials, size=800):
    """A round-friendly square with initials, standing in for a portrait."""
    image = Image.open(io.BytesIO(artwork(7, (size, size), rings=False)))
    draw = ImageDraw.Draw(image)
    draw.ellipse((size * 0.2, size * 0.2, size * 0.8, size * 0.8), fill="#fbf8f4")
    draw.text(
        (size / 2, size / 2),
        initials,
        fill="#1d5c57",
        anchor="mm",
        font_size=size // 4,
    )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
