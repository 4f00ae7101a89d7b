"""Enrolment key-derivation benchmark (run by hand: `.venv/bin/python bench/enrolment.py`). Never run by CI.

The enrolment file is sealed with age's passphrase mode (scrypt, work factor chosen by the age
library: pyrage exposes no setting). Writing it at the hub and opening it on the laptop each run one
scrypt derivation, which is most of the time an enrolment takes. This prints, for --runs runs:
- seal: pyrage.passphrase.encrypt of a small payload (what `yimi enroll` spends);
- open: pyrage.passphrase.decrypt of it (what `yimi init --enroll` spends);
- baseline: hashlib.scrypt with N=2**18, r=8, p=1 (age's default work factor) in the same run, so
  the ratio tells whether pyrage is near raw scrypt on this CPU;
- the work factor (log2 N) age picked: rage calibrates it when sealing so that one derivation takes
  about a second on the sealing machine (the hub), and the laptop must spend the same N;
- cpu: the CPU model from /proc/cpuinfo, so figures from different machines can be set side by side.
Run it on the slowest target machine (飞腾/龙芯/兆芯) to get that machine's figure; scrypt is memory-
hard (256 MiB at N=2**18), so the time scales with memory bandwidth as much as with clock speed.
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import statistics
import time

import pyrage


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.lower().startswith(("model name", "cpu model", "uarch")):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    payload, code = b"x" * 4096, "ABCD-EFGH-JKLM-NPQR"
    sealed = pyrage.passphrase.encrypt(payload, code)
    seal = [timed(lambda: pyrage.passphrase.encrypt(payload, code)) for _ in range(args.runs)]
    opened = [timed(lambda: pyrage.passphrase.decrypt(sealed, code)) for _ in range(args.runs)]
    base = [timed(lambda: hashlib.scrypt(b"pw", salt=b"s" * 16, n=2**18, r=8, p=1, maxmem=2**30, dklen=32))
            for _ in range(args.runs)]
    med = {k: statistics.median(v) for k, v in (("seal", seal), ("open", opened), ("baseline", base))}
    log_n = next(ln.split()[-1] for ln in sealed.split(b"\n") if ln.startswith(b"-> scrypt")).decode()
    print(f"cpu: {cpu_model()} ({platform.machine()})")
    print(f"work factor chosen by age when sealing on this machine: log2 N = {log_n}")
    for k in ("seal", "open"):
        print(f"{k}: median {med[k]:.2f} s over {args.runs} runs; {med[k] / med['baseline']:.2f}x raw scrypt N=2^18")
    print(f"baseline hashlib.scrypt N=2^18 r=8 p=1: median {med['baseline']:.2f} s")


if __name__ == "__main__":
    main()
