#!/bin/bash
# .deb post-install for Venue Kiosk. electron-builder fills in the two macros (executable and sanitized product
# name) and nothing else: shell variables here are written $NAME, never with braces.
# Replaces electron-builder's default after-install, so it also does what that did (link, sandbox, AppArmor).
set -u

APP_DIR='/opt/${sanitizedProductName}'
EXE='${executable}'
RES="$APP_DIR/resources"

# 1. the command on the PATH (as the default script does)
if type update-alternatives >/dev/null 2>&1; then
  if [ -L "/usr/bin/$EXE" ] && [ -e "/usr/bin/$EXE" ] && [ "$(readlink "/usr/bin/$EXE")" != "/etc/alternatives/$EXE" ]; then
    rm -f "/usr/bin/$EXE"
  fi
  update-alternatives --install "/usr/bin/$EXE" "$EXE" "$APP_DIR/$EXE" 100 || ln -sf "$APP_DIR/$EXE" "/usr/bin/$EXE"
else
  ln -sf "$APP_DIR/$EXE" "/usr/bin/$EXE"
fi

# 2. Chromium's sandbox. Ubuntu 23.10+ restricts unprivileged user namespaces through AppArmor
#    (kernel.apparmor_restrict_unprivileged_userns=1): without a profile granting "userns", Electron aborts with
#    "The SUID sandbox helper binary was found, but is not configured correctly". The profile below grants it.
#    Where user namespaces do not work at all, the SUID helper is the fallback (root-owned, mode 4755).
if ! { [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; }; then
  chown root:root "$APP_DIR/chrome-sandbox" 2>/dev/null || true
  chmod 4755 "$APP_DIR/chrome-sandbox" || true
else
  chmod 0755 "$APP_DIR/chrome-sandbox" || true
fi

if apparmor_status --enabled >/dev/null 2>&1 && hash apparmor_parser 2>/dev/null; then
  PROFILE_SRC="$RES/apparmor-profile"
  PROFILE_DST="/etc/apparmor.d/$EXE"
  # abi/4.0 profiles are for AppArmor 4 (Ubuntu 24.04+); older AppArmor does not restrict userns and needs none
  if [ -f "$PROFILE_SRC" ] && apparmor_parser --skip-kernel-load --debug "$PROFILE_SRC" >/dev/null 2>&1; then
    cp -f "$PROFILE_SRC" "$PROFILE_DST"
    if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }; then
      apparmor_parser --replace --write-cache --skip-read-cache "$PROFILE_DST" || true
    fi
  else
    echo "Venue Kiosk: this AppArmor does not take the bundled profile; none installed (not needed before AppArmor 4)."
  fi
fi

# 3. udev rules for the supported scanners and the door relay (resources/udev/*.rules): the kiosk user reads
#    them without root (group plugdev / uaccess), and HID POS interfaces are left to the kiosk.
mkdir -p /usr/share/venue-kiosk
: > /usr/share/venue-kiosk/installed-udev-rules
if [ -d "$RES/udev" ]; then
  for rule in "$RES"/udev/*.rules; do
    [ -f "$rule" ] || continue
    install -m 0644 "$rule" "/etc/udev/rules.d/$(basename "$rule")"
    # remembered so that after-remove.sh deletes exactly these, whatever they are called
    basename "$rule" >> /usr/share/venue-kiosk/installed-udev-rules
  done
  if hash udevadm 2>/dev/null && ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }; then
    udevadm control --reload-rules 2>/dev/null || true
    udevadm trigger --subsystem-match=usb --subsystem-match=tty --subsystem-match=hidraw 2>/dev/null || true
  fi
fi

# 4. starting with the kiosk user's session: a systemd user unit (enable per user, docs/deploy.md) and an XDG
#    autostart entry template. Neither is switched on for every user of the machine by installing the package.
if [ -f "$RES/linux/venue-kiosk.service" ]; then
  install -D -m 0644 "$RES/linux/venue-kiosk.service" /usr/lib/systemd/user/venue-kiosk.service
fi
if [ -f "$RES/linux/venue-kiosk-autostart.desktop" ]; then
  install -D -m 0644 "$RES/linux/venue-kiosk-autostart.desktop" /usr/share/venue-kiosk/venue-kiosk-autostart.desktop
fi

# 5. desktop integration (as the default script does)
if hash update-desktop-database 2>/dev/null; then
  update-desktop-database /usr/share/applications || true
fi

exit 0
