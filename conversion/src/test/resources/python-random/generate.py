"""Writes the shuffle fixtures that PythonRandomTest compares against (python3, standard library only).

Each file shuffle-N.txt holds one line: list(range(N)) after random.seed(42); random.shuffle(...),
which is what create_pet_tf_record.py does to the trainval ids. Re-run with: python3 generate.py
"""
import random
import sys

for n in (0, 1, 2, 3, 5, 10, 37, 100, 1000, 3680, 7349):
    xs = list(range(n))
    random.seed(42)
    random.shuffle(xs)
    with open("shuffle-%d.txt" % n, "w") as f:
        f.write(" ".join(str(x) for x in xs) + "\n")

random.seed(42)
with open("getrandbits.txt", "w") as f:
    f.write(" ".join(str(random.getrandbits(32)) for _ in range(1000)) + "\n")
print("python", sys.version.split()[0])
