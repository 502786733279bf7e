#!/usr/bin/env bash
# GPU check for the autoencoder (issue 6): on a machine with CUDA, run the GPU tests, the command
# line on the GPU and the GPU benchmark, in a few minutes, and write every figure to one folder.
#
#   bash bench/gpu_check.sh                  # figures in bench/results/
#   OUT=/tmp/figures PYTHON=.venv/bin/python bash bench/gpu_check.sh
#
# Needs the project's requirements (a CUDA build of torch). Exits 3 without a CUDA device.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python}
DEST=${OUT:-bench/results}
mkdir -p "$DEST"
export LAB_DEVICE=cuda  # tests/conftest.py keeps an explicit device; GPU tests run only then

"$PY" - <<'PYEOF' | tee "$DEST/gpu-device.txt"
import sys
import torch
if not torch.cuda.is_available():
    print(f"no CUDA device (torch {torch.__version__}); nothing to check")
    sys.exit(3)
print(f"torch {torch.__version__}, CUDA {torch.version.cuda}, {torch.cuda.get_device_name(0)}")
PYEOF

echo "== GPU tests"
status=0
timeout 600 "$PY" -m pytest -q -m gpu -p no:cacheprovider tests/unit 2>&1 | tee "$DEST/gpu-tests.txt" || status=1

echo "== command line on the GPU (digits, linear k = 2: must match PCA)"
timeout 300 "$PY" -m analysis autoencoder --data digits --latent 2 --device cuda --json | tee "$DEST/gpu-cli-digits.json" || status=1
timeout 300 "$PY" -m analysis autoencoder --data words --top-n 400000 --latent 10 --batch-size 4096 --epochs 5 --device cuda --json | tee "$DEST/gpu-cli-words.json" || status=1

echo "== benchmark: CPU (this machine's cores) and CUDA in the same run"
timeout 900 "$PY" bench/autoencoder.py --repeat 2 --out "$DEST" 2>&1 | tee "$DEST/gpu-bench.txt" || status=1
echo "figures in $DEST"
[ "$status" -eq 0 ] || echo "some GPU tests failed: see $DEST/gpu-tests.txt" >&2
exit "$status"
