"""PNG files with a palette of 256 colours: about a third of the bytes.

One function, used by ``book_figures`` for the gallery's figures and by
``explorer_animation`` for the step animation's images.
"""

from __future__ import annotations

import io

from PIL import Image

__all__ = ["palette_png"]


def palette_png(image: Image.Image) -> bytes:
    """``image`` as PNG bytes with a palette of 256 colours.

    A matplotlib figure has a few flat colours and the shades antialiasing puts
    between them; without dithering, 256 colours keep lines and colour maps
    (which have 256 entries) visually unchanged. The most frequent colour, the
    background, is kept exact so that the figure sits on the page without a
    visible edge.
    """
    rgb = image.convert("RGB")
    # getcolors gives None only past maxcolors, which width * height cannot be.
    background = max(rgb.getcolors(rgb.width * rgb.height))[1]
    quantized = rgb.quantize(
        256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )
    index = max(quantized.getcolors())[1]
    palette = quantized.getpalette()
    assert palette is not None
    palette[3 * index : 3 * index + 3] = background
    quantized.putpalette(palette)
    out = io.BytesIO()
    quantized.save(out, format="PNG", optimize=True)
    return out.getvalue()
