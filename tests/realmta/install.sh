#!/usr/bin/env bash
# Installs the real MTAs of the harness WITHOUT making any of them the machine's MTA: each
# Debian package is fetched with `apt-get download` and unpacked with `dpkg-deb -x` under
# $REALMTA_ROOT (default /opt/bounceparse-realmta), its shared-library dependencies are
# installed with apt-get (plain libraries, no MTA), and the system users and groups the
# daemons drop privileges to are created. Needs root. Idempotent.
set -euo pipefail
root="${REALMTA_ROOT:-/opt/bounceparse-realmta}"
[ "$(id -u)" = 0 ] || { echo "install.sh: needs root" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive

need_update=1
apt_update() { if [ "$need_update" = 1 ]; then apt-get update -qq; need_update=0; fi; }

# Libraries the three daemons link against, and the tools the harness uses (unshare, ip).
libs="libdb5.3 libicu72 libnsl2 libsasl2-2 libssl3 libevent-2.1-7 libpam0g libcrypt1 zlib1g
      libgnutls-dane0 libgnutls30 libidn12 libidn2-0 libpcre2-8-0 util-linux iproute2 adduser"
missing=""
for p in $libs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then apt_update; apt-get install -y -qq $missing >/dev/null; fi

mkdir -p "$root"
for pkg in postfix exim4-daemon-light opensmtpd; do
    if [ ! -e "$root/$pkg/.unpacked" ]; then
        apt_update
        tmp="$(mktemp -d)"
        (cd "$tmp" && apt-get download -qq "$pkg" 2>/dev/null)
        rm -rf "${root:?}/$pkg"
        mkdir -p "$root/$pkg"
        dpkg-deb -x "$tmp"/"$pkg"_*.deb "$root/$pkg"
        dpkg-deb -f "$tmp"/"$pkg"_*.deb Version > "$root/$pkg/.unpacked"
        rm -rf "$tmp"
    fi
    echo "realmta: $pkg $(cat "$root/$pkg/.unpacked") in $root/$pkg"
done

group() { getent group "$1" >/dev/null || addgroup --system --quiet "$1"; }
user() {  # user group
    group "$2"
    id "$1" >/dev/null 2>&1 || adduser --system --quiet --no-create-home --disabled-password \
        --home /nonexistent --ingroup "$2" "$1"
}
group postdrop
user postfix postfix
user Debian-exim Debian-exim
user opensmtpd opensmtpd
user opensmtpq opensmtpq
# OpenSMTPD's enqueuer refuses to run unless it is setgid opensmtpq (Debian sets this with
# dpkg-statoverride at install time)
ctl="$root/opensmtpd/usr/sbin/smtpctl"
chgrp opensmtpq "$ctl" && chmod 2555 "$ctl"
