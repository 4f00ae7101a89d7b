#!/bin/sh
# /opt/apps/<app id>/files/bin/yimi: the command line (no Qt).
FILES=$(dirname "$(dirname "$(readlink -f "$0")")")
exec "$FILES/yimi" "$@"
