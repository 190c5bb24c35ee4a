"""Bitmap images a theme brings (the logo): decoded before anything embeds them.

A file that starts like a PNG can still be truncated (python-docx then fails with its own
error, python-hwpx with ``struct.error``) or be a decompression bomb: a few kilobytes that
declare 100,000 × 100,000 pixels. **Pillow** reads the header, the pixel count is held to
:data:`MAX_PIXELS` before any pixel is decoded, and the whole image is then decoded once, so
a file that passes is one every writer can embed.
"""

from __future__ import annotations

import io
import warnings

MAX_PIXELS = 25_000_000
"""The largest logo in pixels (5,000 × 5,000): a logo drawn 9 mm high needs a few hundred."""


class ImageProblem(ValueError):
    """What is wrong with an image, in plain words."""


def bitmap_size(data: bytes, kind: str) -> tuple[int, int]:
    """The ``(width, height)`` in pixels of a PNG or JPEG (``kind``: ``"png"``, ``"jpeg"``)
    after decoding it whole; raises :class:`ImageProblem` for anything else, a damaged or
    truncated file, or more than :data:`MAX_PIXELS` pixels."""
    from PIL import Image, UnidentifiedImageError

    expected = {"png": "PNG", "jpeg": "JPEG", "jpg": "JPEG"}[kind.lower()]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != expected:
                    raise ImageProblem(f"not a {expected} image")
                width, height = image.size
                if width < 1 or height < 1:
                    raise ImageProblem("the image has no pixels")
                if width * height > MAX_PIXELS:
                    raise ImageProblem(
                        f"{width} × {height} pixels is more pixels than a logo needs (at most "
                        f"{MAX_PIXELS:,} pixels); save a smaller copy"
                    )
                image.verify()  # structure and checksums
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # every pixel: a truncated file fails here
    except ImageProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem(
            f"the image declares more pixels than a logo needs (at most {MAX_PIXELS:,}); "
            f"save a smaller copy"
        ) from None
    except UnidentifiedImageError:
        raise ImageProblem(f"not a readable {expected} image") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:  # Pillow's decoding errors
        raise ImageProblem(f"the {expected} image is damaged or cut short ({exc})") from None
    return width, height
