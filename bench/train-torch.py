"""The course CNN trained with PyTorch on the CPU: the reference that bench/train.ts
compares TensorFlow.js's backends with, measured in the same run.

Same architecture as lib/model.ts (the notes' Keras listing), Adam at 1e-3, random
data of MNIST's shape. Prints one JSON line:
{"threads": 2, "batch": 128, "steps": 40, "ms_per_step": ..., "cpu_ms_per_step": ..., ...}
(cpu_ms_per_step: CPU time of all threads, which other processes on the machine inflate
far less than wall time).

Run it with Debian's interpreter and OMP_WAIT_POLICY=PASSIVE (without it, OpenMP
threads spin-wait against the BLAS threads and a step takes about twice as long):
  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/train-torch.py --threads 2
"""
import argparse
import json
import time

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    net = course_cnn()
    params = sum(p.numel() for p in net.parameters())
    assert params == 5_225_282, f"course CNN has {params} parameters, expected 5,225,282"
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    X = torch.rand(args.batch, 1, 28, 28)
    y = torch.randint(0, 10, (args.batch,))

    def step() -> None:
        optimizer.zero_grad()
        loss = loss_fn(net(X), y)
        loss.backward()
        optimizer.step()

    for _ in range(args.warmup):
        step()
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(args.steps):
        step()
    seconds = (time.perf_counter() - start) / args.steps
    cpu_seconds = (time.process_time() - cpu_start) / args.steps
    print(json.dumps({
        "threads": args.threads, "batch": args.batch, "steps": args.steps,
        "ms_per_step": seconds * 1000, "cpu_ms_per_step": cpu_seconds * 1000,
        "samples_per_s": args.batch / seconds,
    }))


if __name__ == "__main__":
    main()
