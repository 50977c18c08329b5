#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-translations.sh SRCROOT LANG
#
# Fails, naming every offender, when
#  - a source file with translatable strings is missing from po/POTFILES.in
#    (its strings would never reach translators),
#  - a file listed in po/POTFILES.in does not exist,
#  - a msgid extracted from po/POTFILES.in has no translation in po/LANG.po,
#    or only a fuzzy one (the UI would show English).
# The POT is built fresh with the same keywords as the meson "glib" preset, so
# a string added anywhere without its translation breaks the data suite.
set -eu

srcroot=${1:?usage: check-translations.sh SRCROOT LANG}
lang=${2:?usage: check-translations.sh SRCROOT LANG}
pofile="$srcroot/po/$lang.po"
potfiles="$srcroot/po/POTFILES.in"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

status=0

# Listed files, without comments and blank lines.
sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$potfiles" | sort -u > "$tmp/listed"

while read -r f; do
  if [ ! -f "$srcroot/$f" ]; then
    echo "po/POTFILES.in lists $f, which does not exist" >&2
    status=1
  fi
done < "$tmp/listed"

# Files that carry translatable strings. C: _( N_( C_( NC_( and the g_d*gettext
# family; GtkBuilder: translatable="yes"; data/: every .in file and schema.
(
  cd "$srcroot"
  for dir in src resources; do
    [ -d "$dir" ] || continue
    find "$dir" -type f -name '*.c' -print0 |
      xargs -0 -r grep -lE '(^|[^A-Za-z0-9_])(N?C?_|g_dn?p?c?gettext2?) *\(' || true
    find "$dir" -type f -name '*.ui' -print0 |
      xargs -0 -r grep -l 'translatable="yes"' || true
  done
  find data -maxdepth 1 -type f \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' -o -name '*.gschema.xml' \) 2>/dev/null
) | sed 's|^\./||' | sort -u > "$tmp/needed"

comm -23 "$tmp/needed" "$tmp/listed" > "$tmp/unlisted"
if [ -s "$tmp/unlisted" ]; then
  while read -r f; do
    echo "$f has translatable strings but is not listed in po/POTFILES.in" >&2
  done < "$tmp/unlisted"
  status=1
fi

# A fresh template from exactly the listed files that exist.
while read -r f; do
  [ -f "$srcroot/$f" ] && echo "$f"
done < "$tmp/listed" > "$tmp/existing" || true

xgettext --package-name=tiaojie --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dgettext:2 --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 \
  --keyword=g_dpgettext2:2c,3 \
  --directory="$srcroot" --files-from="$tmp/existing" \
  --output="$tmp/template.pot"

if [ ! -f "$tmp/template.pot" ]; then
  # xgettext writes nothing when no string was found at all.
  echo "no translatable strings found in po/POTFILES.in" >&2
  exit 1
fi

# No fuzzy matching: a new msgid must show up as untranslated, not borrow a
# neighbour's translation.
msgmerge --quiet --no-fuzzy-matching --no-wrap \
  --output-file="$tmp/merged.po" "$pofile" "$tmp/template.pot"

# Print "msgctxt|msgid" of every entry of a PO file except the header.
list_msgids () {
  awk '
    function flush() {
      if (have && id != "") print (ctx != "" ? "[" ctx "] " : "") id
      have = 0; id = ""; ctx = ""; field = ""
    }
    /^#~/ { next }
    /^msgctxt / { flush(); have = 1; field = "ctx"; s = $0; sub(/^msgctxt "/, "", s); sub(/"$/, "", s); ctx = s; next }
    /^msgid / { if (field != "ctx") flush(); have = 1; field = "id"; s = $0; sub(/^msgid "/, "", s); sub(/"$/, "", s); id = s; next }
    /^"/ { s = $0; sub(/^"/, "", s); sub(/"$/, "", s);
           if (field == "id") id = id s; else if (field == "ctx") ctx = ctx s; next }
    /^msgid_plural|^msgstr/ { field = "" }
    END { flush() }
  ' "$1"
}

msgattrib --untranslated --no-obsolete --no-wrap "$tmp/merged.po" > "$tmp/untranslated.po"
msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmp/merged.po" > "$tmp/fuzzy.po"
list_msgids "$tmp/untranslated.po" > "$tmp/untranslated"
list_msgids "$tmp/fuzzy.po" > "$tmp/fuzzy"

if [ -s "$tmp/untranslated" ]; then
  echo "$(wc -l < "$tmp/untranslated") message(s) have no $lang translation in po/$lang.po:" >&2
  sed 's/^/  untranslated: /' "$tmp/untranslated" >&2
  status=1
fi
if [ -s "$tmp/fuzzy" ]; then
  echo "$(wc -l < "$tmp/fuzzy") message(s) are fuzzy in po/$lang.po:" >&2
  sed 's/^/  fuzzy: /' "$tmp/fuzzy" >&2
  status=1
fi

if [ "$status" -eq 0 ]; then
  echo "$(($(grep -c '^msgid ' "$tmp/template.pot") - 1)) messages, all translated into $lang"
fi
exit "$status"
