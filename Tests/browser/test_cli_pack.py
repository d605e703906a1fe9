"""The `quartermaster pack` contract, driven as outside checks drive it: a load file in, JSON out."""

import json
import os
import subprocess

BIN = os.environ.get("QUARTERMASTER_BIN", ".build/debug/quartermaster")


def pack(tmp_path, load):
    path = tmp_path / "load.json"
    path.write_text(json.dumps(load))
    done = subprocess.run([BIN, "pack", "--input", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_layout_is_inside_non_overlapping_and_supported(tmp_path):
    load = {
        "container": {"length": 120, "width": 80, "height": 100, "max_weight": 500},
        "items": [
            {"id": "paper", "length": 30, "width": 21, "height": 25, "weight": 12, "quantity": 20, "orientations": "upright"},
            {"id": "toner", "length": 40, "width": 20, "height": 15, "weight": 3, "quantity": 10, "orientations": [2, 1]},
            {"id": "bad", "length": 0, "width": 1, "height": 1, "quantity": 1},
        ],
        "time_limit_seconds": 1,
    }
    out = pack(tmp_path, load)
    assert set(out) >= {"containers", "utilization", "unpacked", "seconds"}
    container = out["containers"][0]
    assert (container["length"], container["width"], container["height"]) == (120, 80, 100)
    boxes = container["boxes"]
    assert boxes and 0 < out["utilization"] <= 1
    volume = sum(b["dx"] * b["dy"] * b["dz"] for b in boxes)
    assert abs(volume / (120 * 80 * 100) - out["utilization"]) < 1e-6
    eps = 1e-6
    for b in boxes:
        assert b["x"] >= -eps and b["y"] >= -eps and b["z"] >= -eps
        assert b["x"] + b["dx"] <= 120 + eps and b["y"] + b["dy"] <= 80 + eps and b["z"] + b["dz"] <= 100 + eps
        if b["item"] == "paper":
            assert abs(b["dz"] - 25) < eps  # upright: its own height points up
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            overlap = all(
                min(a[p] + a[d], b[p] + b[d]) - max(a[p], b[p]) > eps for p, d in (("x", "dx"), ("y", "dy"), ("z", "dz")))
            assert not overlap, (a, b)
    # Full support: the base of every box not on the floor is covered by tops exactly below it.
    for a in boxes:
        if a["z"] < eps:
            continue
        covered = 0.0
        for b in boxes:
            if abs(b["z"] + b["dz"] - a["z"]) < eps:
                w = min(a["x"] + a["dx"], b["x"] + b["dx"]) - max(a["x"], b["x"])
                h = min(a["y"] + a["dy"], b["y"] + b["dy"]) - max(a["y"], b["y"])
                if w > 0 and h > 0:
                    covered += w * h
        assert covered >= a["dx"] * a["dy"] - 1e-6, a
    assert {"item": "bad"}.items() <= out["unpacked"][-1].items() or any(u["item"] == "bad" for u in out["unpacked"])
    assert any("length" in u["reason"] for u in out["unpacked"] if u["item"] == "bad")


def test_items_too_large_or_too_heavy_are_reported(tmp_path):
    out = pack(tmp_path, {
        "container": {"length": 100, "width": 100, "height": 100, "max_weight": 50},
        "items": [
            {"id": "huge", "length": 200, "width": 10, "height": 10, "quantity": 1, "orientations": "upright"},
            {"id": "heavy", "length": 10, "width": 10, "height": 10, "weight": 80, "quantity": 1},
        ],
    })
    reasons = {u["item"]: u["reason"] for u in out["unpacked"]}
    assert "too large" in reasons["huge"]
    assert "payload" in reasons["heavy"] or "weight" in reasons["heavy"]
    assert out["containers"][0]["boxes"] == []
