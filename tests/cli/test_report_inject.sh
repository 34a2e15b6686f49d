#!/usr/bin/env bash
# Issue 25 route 10: no text that reaches a report runs as script. The sample data with a
# payload in every text (inject_data.py: streets, offences, address and crime references, ward
# and borough names, a command's as= label and a pack's [[areas]] as, pack and theme titles,
# the file names of the incidents, boundaries, population and rejects, the marking, street
# light names) go through a pack and its report, command reports (kde, gistar per area,
# repeats, dashboard) and a walk sheet. Each page must:
# - hold a content-security policy with default-src, object-src, base-uri and form-action
#   'none', images from data: only, and scripts only by hash: exactly the page's own inline
#   scripts (the report's, Leaflet, Chart.js), no 'unsafe-inline'; the data as JSON in a
#   non-executable element;
# - in headless Chromium, every layer on (#all-layers), with a harness script added (allowed by its hash) that clicks every
#   map feature and opens its popup: render (data-ready), every popup open, no payload element
#   anywhere in the page (id="pwN") and no payload run (data-pwned), no script error, and
#   nothing blocked by the policy (a blocked resource is either the report's own or a payload
#   that got through its escaping);
# - and carry the payloads as text (each field's marker is on some page: the test reached it).
# --tiles keeps working under the policy: tiles from a local server load, the policy names its
# host, and a --tiles that would reach into the policy is refused.
source "$(dirname "$0")/lib.sh"
cd "$src"
py=/usr/bin/python3
chromium=$(command -v chromium || true)
[ -n "$chromium" ] || { echo "skipped: chromium is not installed (apt-get install chromium)"; exit 77; }
d=$tmp/data
$py tests/cli/inject_data.py sample_data "$d" || fail "inject_data.py"
name() { $py -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$d/names.json" "$1"; }
inc=$d/$(name incidents)
wards=$d/$(name wards)
pop=$d/$(name population)
marking=$(name marking)
label=$(name command_label)
rejects=$(name rejects)
cols=("$inc" --crs EPSG:27700 --date committed_from --date-to committed_to --type offence --id crime_ref --location street -q)
in=("${cols[@]}" --areas "$wards,as=$label" --areas "$d/boroughs.geojson,as=borough")
mkdir -p "$tmp/out"
run() {  # run NAME ARGS...: a command that must succeed
  local what=$1
  shift
  "$bin" "$@" > /dev/null 2> "$tmp/err" || fail "$what: $(cat "$tmp/err")"
}
run pack pack "$d/pack.toml" -o "$tmp/out/pack" -q
run report report "$tmp/out/pack" --marking "$marking" -o "$tmp/out/pack.html" -q
# kde's boundaries without as=: labelled by their file's name.
run "kde --report" kde "${cols[@]}" --areas "$wards" --crime-type burglary --bandwidth 300 --cell 50 -o "$tmp/out/k.tif" \
  --hotspots "$tmp/out/k.gpkg" --rejects "$tmp/out/$rejects" --report "$tmp/out/kde.html" --marking "$marking"
run "gistar --report" gistar "${in[@]}" --crime-type burglary --per "$label" --no-fdr -o "$tmp/out/g.gpkg" --report "$tmp/out/gistar.html"
run "repeats --report" repeats "${in[@]}" --crime-type burglary --by location -o "$tmp/out/r.gpkg" --csv "$tmp/out/r.csv" \
  --report "$tmp/out/repeats.html"
run "dashboard --report" dashboard "${in[@]}" --themes "$d/themes.toml" --per "$label" --population "$pop" -o "$tmp/out/b.csv" \
  --series "$tmp/out/s.csv" --report "$tmp/out/board.html"
run "walk --sheet" walk "${in[@]}" --crime-type violent-crime --start 447067,300681 --max-length 2.5km --return \
  --lights "$d/lights.csv" -o "$tmp/out/w.geojson" --sheet "$tmp/out/walk.html"

# --tiles: a local tile server (a process of this test, stopped by its id on exit).
mkdir -p "$tmp/tiles"
$py -u -m http.server --bind 127.0.0.1 --directory "$tmp/tiles" 0 > "$tmp/server.out" 2> "$tmp/server.log" &
server=$!
trap 'kill $server 2> /dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do grep -q "port" "$tmp/server.out" && break; sleep 0.1; done
port=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' "$tmp/server.out" | head -1)
[ -n "$port" ] || fail "the tile server did not start: $(cat "$tmp/server.out" "$tmp/server.log")"
run "report --tiles" report "$tmp/out/pack" --marking "$marking" --tiles "http://127.0.0.1:$port/{z}/{x}/{y}.png" \
  -o "$tmp/out/tiles.html" -q
run "report --tiles {s}" report "$tmp/out/pack" --tiles "https://{s}.tile.example.org/{z}/{x}/{y}.png" -o "$tmp/sub.html" -q
grep -q "img-src data: https://\*\.tile\.example\.org; " "$tmp/sub.html" || fail "--tiles with {s}: $(grep -o 'img-src[^;]*' "$tmp/sub.html")"
for bad in "https://tiles.example.org/{z}/{x}/{y}.png; script-src 'unsafe-inline'" "javascript:alert(1)//{z}/{x}/{y}" \
           "https://tiles.example.org/{z}/{x}/{y}.png' " "data:image/png;base64,AAAA"; do
  "$bin" report "$tmp/out/pack" --tiles "$bad" -o "$tmp/out/bad.html" -q > /dev/null 2> "$tmp/err"
  [ $? -eq 2 ] || fail "--tiles \"$bad\" was not refused (exit 2): $(cat "$tmp/err")"
  grep -q -- "--tiles" "$tmp/err" || fail "--tiles refused without naming it: $(cat "$tmp/err")"
  [ -e "$tmp/out/bad.html" ] && fail "--tiles \"$bad\": a report was written"
done

# Each page with the harness (clicks every map feature, opens its popup, looks for injected
# elements), its hash added to the page's policy; then loaded in Chromium.
$py - "$tmp/out" << 'EOF' || fail "the pages as written"
import base64, hashlib, json, os, re, sys
d = sys.argv[1]
harness = r"""
window.addEventListener('load', () => {
  const root = document.documentElement;
  let features = 0, opened = 0, shown = 0;
  for (const path of document.querySelectorAll('.leaflet-interactive')) {
    const map = path.closest('.leaflet-container');
    // A closed popup fades out for a while: the new one is the popup that was not there.
    const before = new Set(map.querySelectorAll('.leaflet-popup'));
    path.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window, clientX: 5, clientY: 5}));
    features++;
    const popup = [...map.querySelectorAll('.leaflet-popup')].find(p => !before.has(p));
    if (popup && popup.querySelector('.leaflet-popup-content').textContent) {
      opened++;
      if (/pw\d/.test(popup.textContent)) shown++;
    }
    const injected = document.querySelector('[id^=pw]');
    if (injected) root.dataset.injected = injected.id;
  }
  const injected = document.querySelector('[id^=pw]');
  if (injected) root.dataset.injected = injected.id;
  root.dataset.features = features;
  root.dataset.popups = opened;
  root.dataset.payloadPopups = shown;
  root.dataset.harness = 'done';
});
"""
def sha(text):
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
for f in sorted(os.listdir(d)):
    if not f.endswith(".html") or f.startswith("bad"):
        continue
    page = open(f"{d}/{f}", encoding="utf-8").read()
    csp = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert len(csp) == 1, (f, "one policy", csp)
    policy = {p.split()[0]: p.split()[1:] for p in csp[0].replace("&#39;", "'").split(";") if p.strip()}
    for k in ("default-src", "object-src", "base-uri", "form-action"):
        assert policy.get(k) == ["'none'"], (f, k, policy.get(k))
    images = ["data:"] + (["http://127.0.0.1:%s" % re.search(r"127\.0\.0\.1:(\d+)", csp[0]).group(1)] if f == "tiles.html" else [])
    assert policy.get("img-src") == (None if f == "walk.html" else images), (f, policy.get("img-src"))
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    code = [body for attrs, body in scripts if "type=" not in attrs]
    if f == "walk.html":
        assert not scripts and "script-src" not in policy, (f, "the walk sheet runs no script")
    else:
        assert len(code) == 3, (f, "the report's own scripts: its own, Leaflet, Chart.js", len(code))
        assert sorted(policy["script-src"]) == sorted(f"'sha256-{sha(c)}'" for c in code), (f, policy["script-src"])
        data = [body for attrs, body in scripts if 'type="application/json"' in attrs]
        assert len(data) == 1 and "<" not in data[0] and ">" not in data[0], (f, "the data: JSON, with no < or >")
        json.loads(data[0])
    assert "unsafe-inline" not in " ".join(policy.get("script-src", [])) and "unsafe-eval" not in csp[0], (f, csp[0])
    # The harness, allowed by its hash like the page's own scripts.
    page = page.replace("script-src", f"script-src 'sha256-{sha(harness)}'", 1) if "script-src" in policy else \
        page.replace("default-src 'none';", f"default-src 'none'; script-src 'sha256-{sha(harness)}';", 1)
    at = page.rindex("</body>")
    open(f"{d}/{f[:-5]}.test.html", "w", encoding="utf-8").write(page[:at] + "<script>" + harness + "</script>" + page[at:])
EOF
for f in "$tmp"/out/*.test.html; do
  timeout 180 "$chromium" --headless --no-sandbox --disable-gpu --virtual-time-budget=10000 --dump-dom "file://$f#all-layers" \
    > "${f%.test.html}.dom" 2> /dev/null || fail "chromium could not load $f"
done
kill $server 2> /dev/null
wait $server 2> /dev/null

$py - "$tmp/out" "$d/names.json" "$tmp/server.log" << 'EOF' || fail "a payload reached the page as markup or script"
import glob, json, os, re, sys
d, names = sys.argv[1], json.load(open(sys.argv[2]))
fields = {int(k): v for k, v in names["fields"].items()}
seen = set()
for dom_file in sorted(glob.glob(f"{d}/*.dom")):
    f = os.path.basename(dom_file)[:-4]
    dom = open(dom_file, encoding="utf-8").read()
    html = re.search(r"<html([^>]*)>", dom).group(1)
    body = re.search(r"<body([^>]*)>", dom)
    attrs = html + (body.group(1) if body else "")
    pwned = re.search(r'data-pwned="(\d+)"', attrs)
    assert not pwned, (f, "a payload ran", fields.get(int(pwned.group(1))))
    injected = re.search(r'data-injected="pw(\d+)"', attrs) or re.search(r'\sid="pw(\d+)"', dom)
    assert not injected, (f, "a payload became an element", fields.get(int(injected.group(1))))
    assert 'data-harness="done"' in attrs, (f, "the harness did not run", attrs)
    assert "data-errors" not in attrs, (f, "script errors", attrs)
    assert "data-blocked" not in attrs, (f, "the policy blocked something", attrs)
    if f != "walk":
        assert 'data-ready="1"' in attrs, (f, "the report did not finish", attrs)
        n, opened = (int(re.search(rf'data-{k}="(\d+)"', attrs).group(1)) for k in ("features", "popups"))
        assert opened == n, (f, "popups opened", opened, "of", n)
        if f != "board":  # the board is a table and a chart; its map has only the boundaries
            assert n > 0, (f, "no map feature to click")
            assert int(re.search(r'data-payload-popups="(\d+)"', attrs).group(1)) > 0, (f, "no popup showed a payload")
        if f != "tiles":
            assert 'data-requests="0"' in attrs, (f, attrs)
    # Which fields' payloads are on this page (as text, in the HTML or its data).
    page = open(f"{d}/{f}.html", encoding="utf-8").read()
    seen |= {int(m) for m in re.findall(r"pw(\d+)(?!\d)", page + dom)}
missing = sorted(set(fields) - seen)
assert not missing, ("payloads that reached no page: the test did not exercise", [fields[m] for m in missing])
# Tiles were requested from the server, and nothing else was (no payload sent anything).
log = open(sys.argv[3]).read()
tiles = re.findall(r'"GET /(\d+)/(\d+)/(\d+)\.png', log)
assert tiles, ("no tile was requested", log[:500])
requests = re.findall(r'"GET ([^ ]*)', log)
assert all(re.fullmatch(r"/\d+/\d+/\d+\.png", r) for r in requests), requests
print(f"{len(glob.glob(f'{d}/*.dom'))} pages, {len(seen)} fields' payloads shown as text, {len(tiles)} tiles requested")
EOF
echo "report injection: every payload shown as text, none ran or became markup, every popup opened; tiles load under the policy"
