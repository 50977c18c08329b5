#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-flatpak-manifest.py MANIFEST APP_ID COMMAND

The Flatpak manifest must parse, name the application id and command the
build produces, build this source tree with meson on the GNOME runtime, and
ask for no more sandbox holes than the app needs: network for sync, the
keyring for the sync password, display sockets; files go through portals.
"""
import json
import sys

ALLOWED_FINISH_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=fallback-x11",
    "--socket=wayland",
    "--device=dri",
    "--talk-name=org.freedesktop.secrets",
}
REQUIRED_FINISH_ARGS = {"--share=network", "--talk-name=org.freedesktop.secrets"}


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 1
    path, app_id, command = argv[1:]
    problems = []
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{path}: {e}", file=sys.stderr)
        return 1
    if not isinstance(manifest, dict):
        print(f"{path}: the top level is not an object", file=sys.stderr)
        return 1

    def expect(key, value):
        if manifest.get(key) != value:
            problems.append(f'"{key}" is {manifest.get(key)!r}, expected {value!r}')

    expect("app-id", app_id)
    expect("command", command)
    expect("runtime", "org.gnome.Platform")
    expect("sdk", "org.gnome.Sdk")
    if not isinstance(manifest.get("runtime-version"), str) or not manifest.get("runtime-version"):
        problems.append('"runtime-version" must be a non-empty string')

    finish_args = manifest.get("finish-args", [])
    if not isinstance(finish_args, list):
        problems.append('"finish-args" must be a list')
        finish_args = []
    for arg in finish_args:
        if arg not in ALLOWED_FINISH_ARGS:
            problems.append(f'finish-arg {arg!r} is broader than the app needs')
    for arg in sorted(REQUIRED_FINISH_ARGS - set(finish_args)):
        problems.append(f'finish-arg {arg!r} is missing')

    modules = manifest.get("modules", [])
    app_modules = [m for m in modules if isinstance(m, dict) and m.get("name") == "tiaojie"]
    if len(app_modules) != 1:
        problems.append('there must be exactly one module named "tiaojie"')
    else:
        module = app_modules[0]
        if module.get("buildsystem") != "meson":
            problems.append('module "tiaojie" must use buildsystem "meson"')
        sources = module.get("sources", [])
        if not any(isinstance(s, dict) and s.get("type") == "dir" and s.get("path") == ".."
                   for s in sources):
            problems.append('module "tiaojie" must build this tree: source {"type": "dir", "path": ".."}')
        if modules and modules[-1] is not module:
            problems.append('module "tiaojie" must come last, after what it depends on')

    for p in problems:
        print(f"{path}: {p}", file=sys.stderr)
    if not problems:
        print(f"{path}: {app_id} runs {command} on {manifest['runtime']}//{manifest['runtime-version']}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
