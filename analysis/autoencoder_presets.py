"""The lecture's two autoencoder set-ups, as settings a page or a notebook can apply.

* ``pca`` — a linear autoencoder with a 2-unit bottleneck on standardised data: trained to its
  minimum it spans the same subspace as PCA's first two components (Baldi & Hornik 1989).
* ``cifar`` — the lecture's CIFAR-10 network: 3072 inputs → 200 ReLU units → 3072 sigmoid outputs.

Keys are the names of ``AutoencoderConfig`` fields, except ``latent`` (``latent_dim``) and ``hidden``
(the hidden sizes as the text a user types, "" for none).

>>> LECTURE_SETUPS["cifar"]["latent"], LECTURE_SETUPS["pca"]["activation"]
(200, 'linear')
>>> CIFAR_INPUTS
3072
"""

from __future__ import annotations

from typing import Any

CIFAR_INPUTS = 32 * 32 * 3  # the CIFAR set-up needs colour images of this size

LECTURE_SETUPS: dict[str, dict[str, Any]] = {
    "pca": {"latent": 2, "hidden": "", "activation": "linear", "output_activation": "linear", "loss": "mse",
            "optimizer": "adam", "lr": 0.02, "epochs": 400, "batch_size": 0, "scaling": "standardize"},
    "cifar": {"latent": 200, "hidden": "", "activation": "relu", "output_activation": "sigmoid", "loss": "mse",
              "optimizer": "adam", "lr": 0.001, "epochs": 10, "batch_size": 256, "scaling": "none"},
}
