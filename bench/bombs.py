"""Size bombs against the budget: peak memory and time of the lab's loaders vs a naive read, same run.

    python bench/bombs.py            # every case, each in a fresh process (about a minute)
    python bench/bombs.py gz npy     # some cases

Each case builds a hostile file and reads it twice, each time in a fresh Python process: once
with the lab's loader (which checks headers against ``analysis.budget`` and streams decompression
with a cap) and once the naive way a peer library would (``gzip.decompress``, ``numpy.load``), and
prints the peak RSS growth of both and their ratio. The naive side is bounded at 512 MB so the
benchmark itself stays safe on a shared machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SETUP = """
import gzip, io, resource, sys, time, zipfile
sys.path.insert(0, %(root)r); sys.path.insert(0, %(root)r + '/tests/unit')
from test_size_bombs import gzip_of_zeros, npy_header
import numpy as np
import analysis.formats as F, analysis.images as I
"""

CASES = {
    # name: (what it is, build the bytes, the lab's read, the naive read)
    "gz": (
        "embedding .txt.gz: one line, then 512 MB of zeros",
        "data = gzip_of_zeros(512, prefix=b'king 1 2\\n')",
        "F.read_embedding_bytes(data, 'bomb.txt.gz')",
        "gzip.decompress(data)",
    ),
    "npy": (
        ".npy header claiming 10^10 float32 values (data: 512 MB of it present)",
        "data = npy_header((10**10,)) + bytes(512 << 20)",
        "I.load_image_upload('b.npy', data)",
        "np.frombuffer(data[128:], dtype='<f4').copy()",
    ),
    "npz": (
        ".npz: one member of 512 MB of zeros",
        "b = io.BytesIO()\nwith zipfile.ZipFile(b, 'w', compression=zipfile.ZIP_DEFLATED) as zf:\n"
        "    zf.writestr('x.npy', npy_header((131072, 1024)) + bytes(131072 * 1024 * 4))\ndata = b.getvalue()",
        "I.load_image_upload('b.npz', data)",
        "np.load(io.BytesIO(data))['x']",
    ),
}


def build_file(build: str, folder: str) -> str:
    """Build the hostile bytes in a separate process (so its peak does not hide the reader's) and save them."""
    path = f"{folder}/bomb.bin"
    code = SETUP % {"root": str(ROOT)} + build + f"\nopen({path!r}, 'wb').write(data)\n"
    subprocess.run([sys.executable, "-c", code], check=True)
    return path


def measure(path: str, read: str, env: dict | None = None) -> tuple[float, float, str]:
    code = SETUP % {"root": str(ROOT)} + f"data = open({path!r}, 'rb').read()" + f"""
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    {read}
    outcome = 'read'
except Exception as exc:
    outcome = type(exc).__name__
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024, time.perf_counter() - start, outcome)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    grow, seconds, outcome = done.stdout.split()
    return float(grow), float(seconds), outcome


def main(names: list[str]) -> None:
    import os
    import tempfile

    env = dict(os.environ, LAB_MAX_DECOMPRESSED_BYTES=str(256 << 20))  # below the bombs' 512 MB
    print(f"{'case':<6} {'lab MB':>8} {'lab s':>7} {'outcome':<18} {'naive MB':>9} {'naive s':>8}  ratio (naive/lab memory)")
    for name in names or list(CASES):
        what, build, ours, naive = CASES[name]
        with tempfile.TemporaryDirectory() as folder:
            path = build_file(build, folder)
            lab = measure(path, ours, env)
            peer = measure(path, naive)
        ratio = peer[0] / max(lab[0], 1.0)
        print(f"{name:<6} {lab[0]:8.0f} {lab[1]:7.2f} {lab[2]:<18} {peer[0]:9.0f} {peer[1]:8.2f}  {ratio:.0f}×   ({what})")


if __name__ == "__main__":
    main(sys.argv[1:])
