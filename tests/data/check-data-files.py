#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-data-files.py DESKTOP METAINFO ICON SYMBOLIC_ICON APP_ID VERSION

What the validators do not check but a user notices: the launcher, the
software-centre entry and the icons must name each other consistently, carry
their zh_CN translations after merging, and the newest release in the
metainfo must be the version meson builds.
"""
import re
import sys
import xml.etree.ElementTree as ET

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SVG = "{http://www.w3.org/2000/svg}"


def read_desktop(path):
    entries, group = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if line.startswith("["):
                group = line.strip("[]")
                continue
            if group == "Desktop Entry" and "=" in line:
                key, value = line.split("=", 1)
                entries[key.strip()] = value.strip()
    return entries


def version_key(v):
    return [int(x) if x.isdigit() else x for x in re.split(r"[.\-]", v)]


def main(argv):
    if len(argv) != 7:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 1
    desktop_path, metainfo_path, icon_path, symbolic_path, app_id, version = argv[1:]
    problems = []

    desktop = read_desktop(desktop_path)
    for key, want in (("Icon", app_id), ("Exec", "tiaojie"), ("Type", "Application")):
        if desktop.get(key) != want:
            problems.append(f"{desktop_path}: {key}={desktop.get(key)!r}, expected {want!r}")
    for key in ("Name", "GenericName", "Comment", "Keywords"):
        if not desktop.get(key + "[zh_CN]"):
            problems.append(f"{desktop_path}: {key}[zh_CN] is missing (is the string translated in po/zh_CN.po?)")

    root = ET.parse(metainfo_path).getroot()
    if root.findtext("id") != app_id:
        problems.append(f"{metainfo_path}: <id> is {root.findtext('id')!r}, expected {app_id!r}")
    launchable = root.find("launchable[@type='desktop-id']")
    if launchable is None or launchable.text != app_id + ".desktop":
        problems.append(f"{metainfo_path}: <launchable type=\"desktop-id\"> must be {app_id}.desktop")
    for tag in ("name", "summary"):
        if not any(e.get(XML_LANG) == "zh_CN" for e in root.findall(tag)):
            problems.append(f"{metainfo_path}: <{tag} xml:lang=\"zh_CN\"> is missing")
    releases = [r.get("version") for r in root.findall("releases/release")]
    if not releases:
        problems.append(f"{metainfo_path}: no <release>")
    elif max(releases, key=version_key) != version:
        problems.append(f"{metainfo_path}: newest release is {max(releases, key=version_key)}, "
                        f"but meson builds {version}: add a <release> with notes")
    for r in root.findall("releases/release"):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", r.get("date", "")):
            problems.append(f"{metainfo_path}: release {r.get('version')} needs date=\"YYYY-MM-DD\"")
        if r.find("description") is None:
            problems.append(f"{metainfo_path}: release {r.get('version')} has no release notes")
    shots = [i.text for i in root.findall("screenshots/screenshot/image")]
    if not shots or not all(s and s.startswith("https://") for s in shots):
        problems.append(f"{metainfo_path}: needs at least one https:// screenshot")

    for path, size in ((icon_path, 128), (symbolic_path, 16)):
        try:
            svg = ET.parse(path).getroot()
        except ET.ParseError as e:
            problems.append(f"{path}: {e}")
            continue
        if svg.tag != SVG + "svg":
            problems.append(f"{path}: not an SVG document")
        if (svg.get("viewBox") or "").split() != ["0", "0", str(size), str(size)]:
            problems.append(f"{path}: viewBox must be \"0 0 {size} {size}\"")

    # Symbolic icons are recoloured by the theme: one plain colour, no
    # strokes, gradients or bitmaps that would survive the recolouring.
    try:
        for e in ET.parse(symbolic_path).getroot().iter():
            tag = e.tag.replace(SVG, "")
            if tag in ("linearGradient", "radialGradient", "image", "filter"):
                problems.append(f"{symbolic_path}: <{tag}> does not belong in a symbolic icon")
            for attr in ("fill", "stroke"):
                value = (e.get(attr) or "").lower()
                if value and value not in ("#000", "#000000", "none"):
                    problems.append(f"{symbolic_path}: {attr}={value!r}, symbolic icons use #000 only")
            if "style" in e.attrib:
                problems.append(f"{symbolic_path}: style attributes are not allowed, use fill=\"#000\"")
    except ET.ParseError:
        pass

    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print(f"{app_id}: desktop file, metainfo (release {version}) and icons agree")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
