"""The colour histogram the linear autoencoder reads beside the pixels.

Principal components of the pixels describe *where* colours are: the layout. Two screenshots of
one app at different window sizes put their sidebar, list and panes at different places of the
square input, so their pixels differ where a person sees the same app; two apps of one layout
(a white page with a sidebar) look alike. How much of each colour an image holds does not move
with the layout: it is the app's palette. ``colour_histogram`` counts the input's pixels in
``bins`` levels per RGB channel (6: 216 bins) and returns the square root of each bin's share,
so that the Euclidean distance between two images' histograms is their Hellinger distance (every
histogram has length 1). The linear autoencoder (``shared/model.py``) appends it, weighted, to the
flattened pixels; ``training/linear_fit.py`` chooses the weight.

Counted on the model input itself (``image_size``² colours, 32² by default, not the full image),
so it needs nothing from decoding and serving cannot compute it differently from training.
"""

from __future__ import annotations

import torch

COLOUR_LEVELS = 256
"""8-bit colour: the model input is ``uint8 / 255`` (``shared.preprocessing.to_model_input``)."""


def histogram_length(bins: int) -> int:
    """Features ``colour_histogram`` returns per image."""
    return bins**3


def colour_histogram(x: torch.Tensor, bins: int) -> torch.Tensor:
    """``(N, bins³)``: the square root of the share of each image's pixels in each RGB bin.

    ``x`` is model input, float ``(N, C ≥ 3, S, S)`` in [0, 1] with the colour channels first.
    Each channel's 256 levels fall into ``bins`` equal ranges; level ``v`` into ``v·bins // 256``.
    """
    if x.ndim != 4 or x.shape[1] < 3:
        raise ValueError(f"a colour histogram needs (N, C ≥ 3, S, S) input, got {tuple(x.shape)}")
    # Rounding, not truncating: an input within half a level of v/255 (float error) counts as level v.
    levels = torch.round(x[:, :3] * (COLOUR_LEVELS - 1)).to(torch.int64).clamp_(0, COLOUR_LEVELS - 1)
    ranges = levels * bins // COLOUR_LEVELS
    index = ((ranges[:, 0] * bins + ranges[:, 1]) * bins + ranges[:, 2]).flatten(1)
    counts = torch.zeros(len(x), histogram_length(bins), dtype=x.dtype, device=x.device)
    counts.scatter_add_(1, index, torch.ones(index.shape, dtype=x.dtype, device=x.device))
    return (counts / index.shape[1]).sqrt()
