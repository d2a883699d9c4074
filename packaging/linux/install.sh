#!/bin/sh
# Install this AHSP Desktop bundle for the current user, without root: the program in ~/.local/opt/ahsp-desktop,
# the `ahsp` command in ~/.local/bin, the menu entry and the icon. Run it from the unpacked bundle:
#   ./install.sh            install or update
#   ./install.sh --remove   remove the program (the database in ~/.local/share/AHSP Desktop stays)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
prefix=$HOME/.local/opt/ahsp-desktop
sizes="16 24 32 48 64 128 256 512"

if [ "${1:-}" = "--remove" ]; then
  rm -rf "$prefix" "$HOME/.local/bin/ahsp" "$data/applications/ahsp-desktop.desktop"
  for size in $sizes; do rm -f "$data/icons/hicolor/${size}x${size}/apps/ahsp-desktop.png"; done
  rm -f "$data/icons/hicolor/scalable/apps/ahsp-desktop.svg"
  echo "AHSP Desktop removed (your data in $data/AHSP Desktop is kept)"
  exit 0
fi

mkdir -p "$HOME/.local/opt" "$HOME/.local/bin" "$data/applications" "$data/icons/hicolor/scalable/apps"
if [ "$here" != "$prefix" ]; then
  rm -rf "$prefix.new"
  cp -a "$here" "$prefix.new"
  rm -rf "$prefix"
  mv "$prefix.new" "$prefix"
fi
icons=$prefix/_internal/resources/icons
ln -sf "$prefix/ahsp" "$HOME/.local/bin/ahsp"
for size in $sizes; do
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  cp "$icons/app-$size.png" "$data/icons/hicolor/${size}x${size}/apps/ahsp-desktop.png"
done
cp "$icons/app.svg" "$data/icons/hicolor/scalable/apps/ahsp-desktop.svg"
sed -e "s|^Exec=.*|Exec=\"$prefix/ahsp\"|" -e "s|^TryExec=.*|TryExec=$prefix/ahsp|" \
  "$prefix/_internal/resources/ahsp-desktop.desktop" > "$data/applications/ahsp-desktop.desktop"
if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q "$data/applications" || true; fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q -t "$data/icons/hicolor" || true; fi
echo "AHSP Desktop installed in $prefix: start it from the applications menu, or run: ahsp"
