"""Writes random ground truth and detections with their PASCAL VOC APs, computed by an independent
implementation: the VOCdevkit algorithm as its classic Python port (voc_eval) structures it, written
here from the algorithm, standard library only. VocEvaluatorAgreementTest compares against it.

Differences from the devkit kept on purpose: normalised boxes without the +1 pixel convention, and an
overlap test of >= 0.5 (the Object Detection API's) - random coordinates never land on exactly 0.5.
Scores are distinct, so tie order cannot matter. Re-run with: python3 generate.py
"""
import json
import random

random.seed(20261125)
NUM_CLASSES = 5
IMAGES = 40


def rand_box():
    y0, x0 = random.uniform(0, 0.7), random.uniform(0, 0.7)
    return [y0, x0, y0 + random.uniform(0.1, 0.3), x0 + random.uniform(0.1, 0.3)]


def jitter(b, amount):
    return [v + random.uniform(-amount, amount) for v in b]


def iou(a, b):
    ih = min(a[2], b[2]) - max(a[0], b[0])
    iw = min(a[3], b[3]) - max(a[1], b[1])
    inter = max(0.0, ih) * max(0.0, iw)
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


ground_truth, detections = [], []
scores_used = set()
for i in range(IMAGES):
    image_id = "img_%02d" % i
    n = random.randint(0, 4)
    gt = {"image_id": image_id, "boxes": [rand_box() for _ in range(n)],
          "classes": [random.randint(1, NUM_CLASSES) for _ in range(n)],
          "difficult": [random.random() < 0.15 for _ in range(n)]}
    ground_truth.append(gt)
    det = {"image_id": image_id, "boxes": [], "scores": [], "classes": []}
    for b, c in zip(gt["boxes"], gt["classes"]):
        for _ in range(random.randint(0, 2)):  # near hits, duplicates, sometimes the wrong class
            det["boxes"].append(jitter(b, 0.025))
            det["classes"].append(c if random.random() < 0.85 else random.randint(1, NUM_CLASSES))
    for _ in range(random.randint(0, 3)):  # clutter
        det["boxes"].append(rand_box())
        det["classes"].append(random.randint(1, NUM_CLASSES))
    for _ in det["boxes"]:
        s = round(random.random(), 6)
        while s in scores_used:
            s = round(random.random(), 6)
        scores_used.add(s)
        det["scores"].append(s)
    detections.append(det)


def voc_ap(rec, prec):
    mrec = [0.0] + rec + [1.0]
    mpre = [0.0] + prec + [0.0]
    for i in range(len(mpre) - 2, -1, -1):
        mpre[i] = max(mpre[i], mpre[i + 1])
    return sum((mrec[i] - mrec[i - 1]) * mpre[i] for i in range(1, len(mrec)) if mrec[i] != mrec[i - 1])


def voc_eval(cls):
    recs, npos = {}, 0
    for g in ground_truth:
        boxes = [b for b, c in zip(g["boxes"], g["classes"]) if c == cls]
        diff = [d for d, c in zip(g["difficult"], g["classes"]) if c == cls]
        recs[g["image_id"]] = {"boxes": boxes, "difficult": diff, "det": [False] * len(boxes)}
        npos += sum(1 for d in diff if not d)
    dets = [(d["image_id"], b, s) for d in detections for b, s, c in zip(d["boxes"], d["scores"], d["classes"])
            if c == cls and b[0] < b[2] and b[1] < b[3]]
    dets.sort(key=lambda t: -t[2])
    tp, fp = [], []
    for image_id, b, _ in dets:
        r = recs[image_id]
        ovmax, jmax = -1.0, -1
        for j, g in enumerate(r["boxes"]):
            o = iou(b, g)
            if o > ovmax:
                ovmax, jmax = o, j
        if ovmax >= 0.5:
            if r["difficult"][jmax]:
                continue  # neither true nor false positive
            if not r["det"][jmax]:
                r["det"][jmax] = True
                tp.append(1); fp.append(0)
            else:
                tp.append(0); fp.append(1)
        else:
            tp.append(0); fp.append(1)
    if npos == 0:
        return None
    ctp = cfp = 0
    rec, prec = [], []
    for t, f in zip(tp, fp):
        ctp += t; cfp += f
        rec.append(ctp / npos)
        prec.append(ctp / (ctp + cfp))
    return voc_ap(rec, prec)


aps = {str(c): voc_eval(c) for c in range(1, NUM_CLASSES + 1)}
present = [v for v in aps.values() if v is not None]
out = {"num_classes": NUM_CLASSES, "ground_truth": ground_truth, "detections": detections, "ap": aps,
       "map": sum(present) / len(present)}
with open("random-voc.json", "w") as f:
    json.dump(out, f, indent=1)
print("mAP", out["map"], aps)
