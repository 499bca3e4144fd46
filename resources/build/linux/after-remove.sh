#!/bin/bash
# .deb post-remove for Venue Kiosk: undoes what after-install.sh did. The kiosk user's data (aggregated counts,
# settings, status lists in ~/.config/venue-kiosk) is left alone: removing the program must not erase records.
# electron-builder fills in the executable macro; shell variables are written $NAME, never with braces.
set -u

APP_DIR='/opt/${sanitizedProductName}'
EXE='${executable}'

if type update-alternatives >/dev/null 2>&1; then
  update-alternatives --remove "$EXE" "$APP_DIR/$EXE" 2>/dev/null || true
fi
rm -f "/usr/bin/$EXE" 2>/dev/null || true
[ -L "/usr/bin/$EXE" ] && rm -f "/usr/bin/$EXE"

PROFILE_DST="/etc/apparmor.d/$EXE"
if [ -f "$PROFILE_DST" ]; then
  if apparmor_status --enabled >/dev/null 2>&1 && hash apparmor_parser 2>/dev/null \
     && ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }; then
    apparmor_parser --remove "$PROFILE_DST" || true
  fi
  rm -f "$PROFILE_DST"
fi

# only the rules this package installed (after-install.sh listed them)
if [ -f /usr/share/venue-kiosk/installed-udev-rules ]; then
  while IFS= read -r name; do
    case "$name" in
      ''|*/*) continue ;;
    esac
    rm -f "/etc/udev/rules.d/$name"
  done < /usr/share/venue-kiosk/installed-udev-rules
fi
if hash udevadm 2>/dev/null; then
  udevadm control --reload-rules 2>/dev/null || true
fi

rm -f /usr/lib/systemd/user/venue-kiosk.service
rm -rf /usr/share/venue-kiosk

exit 0
