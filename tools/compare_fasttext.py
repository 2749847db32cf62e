#!/usr/bin/env python3
"""fastText on the same 5-fold cross-validation as tools/fit_text_scorer --compare.

Usage: tools/compare_fasttext.py DIR [--meld-copies N] [-- FASTTEXT_OPTIONS...]
DIR holds fold{0..4}_{goemotions,meld}.txt from `fit_text_scorer --export-fasttext DIR`. For each
fold k it trains `fasttext supervised` on the other four folds (MELD lines repeated N times, like
fit_text_scorer's --meld-weight), scores fold k, then pools the out-of-fold P(frustrated) and
prints F1 of frustrated vs neutral at the one threshold that maximises the mean over the two
sources (as fit_text_scorer does). Text is lower-cased with punctuation split off. Needs the
`fasttext` command (Debian package fasttext); uses one thread so that runs repeat exactly.
"""
import os
import re
import subprocess
import sys
import tempfile

SOURCES = ("goemotions", "meld")
FOLDS = 5


def prepare(line):
    label, _, text = line.rstrip("\n").partition(" ")
    text = text.replace("\u2019", "'").replace("\u2018", "'").lower()
    text = re.sub(r'([.!?,;:()"])', r" \1 ", text)
    return label, " ".join(text.split())


def f1(pairs, threshold):
    tp = sum(1 for y, p in pairs if y and p >= threshold)
    fp = sum(1 for y, p in pairs if not y and p >= threshold)
    fn = sum(1 for y, p in pairs if y and p < threshold)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def main():
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    folder, rest = args[0], args[1:]
    copies = 3
    if rest[:1] == ["--meld-copies"]:
        copies, rest = int(rest[1]), rest[2:]
    if rest[:1] == ["--"]:
        rest = rest[1:]
    options = rest or ["-wordNgrams", "2", "-epoch", "10", "-lr", "0.1", "-dim", "50"]
    data = {}
    for k in range(FOLDS):
        for s in SOURCES:
            with open(os.path.join(folder, f"fold{k}_{s}.txt"), encoding="utf-8") as f:
                data[k, s] = [prepare(line) for line in f if line.strip()]
    pooled = {s: [] for s in SOURCES}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(FOLDS):
            train = os.path.join(tmp, "train.txt")
            with open(train, "w", encoding="utf-8") as f:
                for j in range(FOLDS):
                    if j == k:
                        continue
                    for s in SOURCES:
                        for _ in range(copies if s == "meld" else 1):
                            for label, text in data[j, s]:
                                f.write(f"{label} {text}\n")
            model = os.path.join(tmp, "model")
            subprocess.run(["fasttext", "supervised", "-input", train, "-output", model,
                            "-thread", "1", "-seed", "1", "-verbose", "0", *options],
                           check=True, stdout=subprocess.DEVNULL)
            for s in SOURCES:
                test = os.path.join(tmp, "test.txt")
                with open(test, "w", encoding="utf-8") as f:
                    for label, text in data[k, s]:
                        f.write(f"{label} {text}\n")
                out = subprocess.run(["fasttext", "predict-prob", model + ".bin", test, "2"],
                                     check=True, capture_output=True, text=True).stdout
                for (label, _), line in zip(data[k, s], out.splitlines()):
                    t = line.split()
                    probs = dict(zip(t[0::2], map(float, t[1::2])))
                    p = probs.get("__label__1", 1.0 - probs.get("__label__0", 0.0))
                    pooled[s].append((label == "__label__1", p))
    thresholds = [i / 100 for i in range(1, 100)]
    best = max(thresholds, key=lambda t: f1(pooled["goemotions"], t) + f1(pooled["meld"], t))
    goe, meld = f1(pooled["goemotions"], best), f1(pooled["meld"], best)
    print(f"fastText {' '.join(options)} meld_copies={copies}: threshold={best:.2f} "
          f"goemotions F1={goe:.3f} meld F1={meld:.3f} mean={(goe + meld) / 2:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
