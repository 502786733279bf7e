"""The lecture's two autoencoder set-ups, as settings a page or a notebook can apply.

* ``pca`` — a linear autoencoder with a 2-unit bottleneck on standardised data: trained to its
  minimum it spans the same subspace as PCA's first two components (Baldi & Hornik 1989).
* ``cifar`` — the lecture's CIFAR-10 network: 3072 inputs → 200 ReLU units → 3072 sigmoid outputs.

The values live in ``data/presets/autoencoder.json`` (with their sources; read by
``analysis.presets``). Keys are the names of ``AutoencoderConfig`` fields, except ``latent``
(``latent_dim``) and ``hidden`` (the hidden sizes as the text a user types, "" for none).

>>> LECTURE_SETUPS["cifar"]["latent"], LECTURE_SETUPS["pca"]["activation"]
(200, 'linear')
>>> CIFAR_INPUTS
3072
"""

from __future__ import annotations

from typing import Any

from analysis.presets import autoencoder_setups

CIFAR_INPUTS = 32 * 32 * 3  # the CIFAR set-up needs colour images of this size

LECTURE_SETUPS: dict[str, dict[str, Any]] = autoencoder_setups()
