"""Exceptions that ``shared`` raises; the service maps them to 4xx responses."""


class LatentmapError(Exception):
    """Base class for errors the caller can act on."""


class ImageDecodeError(LatentmapError, ValueError):
    """The bytes are not an image we can turn into model input; the message says why."""


class ImageTooLargeError(ImageDecodeError):
    """The image has more pixels than allowed (``max_pixels``, or Pillow's decompression-bomb guard)."""


class BundleError(LatentmapError):
    """A bundle is missing, incomplete, tampered with or made by an incompatible version."""
