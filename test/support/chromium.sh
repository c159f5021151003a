#!/bin/sh
# Chromium as playwright launches it, under the watchdog (watchdog.py): playwright's own
# cleanup does not run when the Node process that launched it is killed, so the watchdog
# then ends Chromium and removes its profile folder (playwright's --user-data-dir) and
# the run folder of browser.ts (DATABEND_IAM_CHROMIUM_DIR).
profile=
for arg in "$@"; do
  case $arg in
    --user-data-dir=*) profile=${arg#--user-data-dir=} ;;
  esac
done
python=/usr/bin/python3
[ -x "$python" ] || python=python3
exec "$python" "$(dirname "$0")/watchdog.py" --parent "$PPID" \
  ${profile:+--remove "$profile"} ${DATABEND_IAM_CHROMIUM_DIR:+--remove "$DATABEND_IAM_CHROMIUM_DIR"} \
  -- "${DATABEND_IAM_CHROMIUM:-/usr/bin/chromium}" "$@"
