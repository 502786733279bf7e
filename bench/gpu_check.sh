#!/usr/bin/env bash
# GPU check (issues 6 and 13): on a machine with CUDA, run the GPU tests, the command line on the
# GPU, the autoencoder and word2vec benchmarks and the analogy evaluation, in under 5 minutes, write
# every figure to one folder and print them as one table at the end.
#
#   bash bench/gpu_check.sh                  # figures in bench/results/
#   OUT=/tmp/figures PYTHON=.venv/bin/python bash bench/gpu_check.sh
#   TINY=1 bash bench/gpu_check.sh           # tiny sizes on the CPU: checks the script itself (CI)
#
# Needs the project's requirements (a CUDA build of torch). Exits 3 without a CUDA device (not with TINY=1).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python}
DEST=${OUT:-bench/results}
TINY=${TINY:-0}
mkdir -p "$DEST"
if [ "$TINY" = 1 ]; then DEVICE=cpu; else DEVICE=cuda; fi
export LAB_DEVICE=$DEVICE  # tests/conftest.py keeps an explicit device; GPU tests run only then

TINY=$TINY "$PY" - <<'PYEOF' | tee "$DEST/gpu-device.txt"
import os, sys
import torch
if os.environ["TINY"] == "1":
    print(f"TINY run on the CPU (torch {torch.__version__}): tiny sizes, figures not comparable")
elif not torch.cuda.is_available():
    print(f"no CUDA device (torch {torch.__version__}); nothing to check")
    sys.exit(3)
else:
    print(f"torch {torch.__version__}, CUDA {torch.version.cuda}, {torch.cuda.get_device_name(0)}")
PYEOF

status=0
if [ "$TINY" = 1 ]; then
  echo "== (TINY: GPU tests skipped)"
  "$PY" -m analysis autoencoder --data digits --latent 2 --epochs 20 --device cpu --json > "$DEST/gpu-cli-digits.json" || status=1
  start=$SECONDS; "$PY" -m analysis evaluate --limit 20000 --restrict-vocab 20000 --json > "$DEST/gpu-evaluate.json" || status=1
  echo $((SECONDS - start)) > "$DEST/gpu-evaluate.seconds"
  timeout 300 "$PY" bench/word2vec.py --tiny --workers 1 --out "$DEST" 2>&1 | tee "$DEST/gpu-word2vec.txt" || status=1
else
  echo "== GPU tests"
  timeout 240 "$PY" -m pytest -q -m gpu -p no:cacheprovider tests/unit 2>&1 | tee "$DEST/gpu-tests.txt" || status=1
  echo "== command line on the GPU (digits, linear k = 2: must match PCA)"
  timeout 120 "$PY" -m analysis autoencoder --data digits --latent 2 --device cuda --json > "$DEST/gpu-cli-digits.json" || status=1
  timeout 120 "$PY" -m analysis autoencoder --data words --top-n 400000 --latent 10 --batch-size 4096 --epochs 5 --device cuda --json > "$DEST/gpu-cli-words.json" || status=1
  echo "== Google analogy evaluation on the GPU (GloVe 6B 50d, 300k words)"
  start=$SECONDS; timeout 120 "$PY" -m analysis evaluate --json > "$DEST/gpu-evaluate.json" || status=1
  echo $((SECONDS - start)) > "$DEST/gpu-evaluate.seconds"
  echo "== benchmarks: CPU and CUDA in the same run"
  timeout 240 "$PY" bench/autoencoder.py --quick --repeat 1 --out "$DEST" 2>&1 | tee "$DEST/gpu-bench.txt" || status=1
  timeout 240 "$PY" bench/word2vec.py --epochs 1 --out "$DEST" 2>&1 | tee "$DEST/gpu-word2vec.txt" || status=1
fi

echo "== all figures"
DEST=$DEST "$PY" - <<'PYEOF' | tee "$DEST/gpu-summary.txt"
import glob, json, os
dest = os.environ["DEST"]
rows = []
def load(name):
    try:
        with open(os.path.join(dest, name)) as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None
for path in sorted(glob.glob(os.path.join(dest, "autoencoder-*.json"))):
    for r in json.load(open(path))["rows"]:
        rows.append((f"autoencoder {r['case']}", r["device"], f"{r['ours']:.3f} {r['unit']}", f"{r['speed_ratio']:.2f}x {r['peer_name']}"))
w2v = load("word2vec.json")
if w2v:
    for r in w2v["rows"]:
        batch = f", batch {r['batch_words']:,}" if r["batch_words"] else ""
        rows.append((f"word2vec {w2v['architecture']} ({r['engine']}{batch})", r["device"], f"{r['words_per_second']:,.0f} words/s", f"{r['ratio_vs_gensim']:.2f}x gensim"))
ev = load("gpu-evaluate.json")
if ev:
    secs = open(os.path.join(dest, "gpu-evaluate.seconds")).read().strip()
    acc = ev.get("accuracy")
    rows.append(("Google analogies (CLI, wall)", os.environ.get("LAB_DEVICE", ""), f"{secs} s", f"accuracy {acc:.4f}" if isinstance(acc, float) else ""))
digits = load("gpu-cli-digits.json")
if digits:
    rows.append(("autoencoder digits k=2 (CLI)", os.environ.get("LAB_DEVICE", ""), "done", ""))
width = max([len(r[0]) for r in rows] + [6])
print(f"{'figure':<{width}} | {'device':<26} | {'value':<22} | vs peer")
for r in rows:
    print(f"{r[0]:<{width}} | {r[1]:<26} | {r[2]:<22} | {r[3]}")
PYEOF
echo "figures in $DEST"
[ "$status" -eq 0 ] || echo "some GPU checks failed: see $DEST" >&2
exit "$status"
