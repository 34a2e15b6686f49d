#!/usr/bin/env python3
"""A bar chart (SVG, no libraries) of an evaluate --summary CSV: mean PAI of each method and
training window, one bar per share of the area. Usage: backtest_chart.py SUMMARY.csv OUT.svg [TITLE]"""
import csv
import sys
from html import escape

rows = list(csv.DictReader(open(sys.argv[1])))
title = sys.argv[3] if len(sys.argv) > 3 else "Mean PAI by method"
configs = []
for r in rows:
    key = f'{r["method"]}, {r["train_months"]} months'
    if key not in configs:
        configs.append(key)
shares = sorted({float(r["share_pct"]) for r in rows})
value = {(f'{r["method"]}, {r["train_months"]} months', float(r["share_pct"])): float(r["mean_pai"]) for r in rows}
top = max(value.values()) or 1
colours = ["#08519c", "#4292c6", "#9ecae1", "#c6dbef"]
label_w, bar_h, gap, chart_w = 300, 9, 8, 420
height = 60 + len(configs) * (len(shares) * bar_h + gap) + 30
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + chart_w + 80}" height="{height}" '
       f'font-family="DejaVu Sans, Arial, sans-serif" font-size="11">',
       f'<text x="10" y="20" font-size="14">{escape(title)}</text>']
for k, s in enumerate(shares):
    out.append(f'<rect x="{label_w + 10 + 90 * k}" y="30" width="10" height="10" fill="{colours[k % 4]}"/>'
               f'<text x="{label_w + 24 + 90 * k}" y="39">{s:g}% of area</text>')
y = 55
for c in configs:
    out.append(f'<text x="{label_w - 6}" y="{y + len(shares) * bar_h / 2 + 4}" text-anchor="end">{escape(c)}</text>')
    for k, s in enumerate(shares):
        v = value.get((c, s), 0)
        w = chart_w * v / top
        out.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h - 1}" fill="{colours[k % 4]}"/>'
                   f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 1}" font-size="9">{v:.1f}</text>')
        y += bar_h
    y += gap
out.append(f'<line x1="{label_w}" y1="50" x2="{label_w}" y2="{y}" stroke="#444"/></svg>')
open(sys.argv[2], "w").write("\n".join(out) + "\n")
