#!/bin/bash
# elfdeps.sh DIR (run inside the Debian build root): for the ELF files under DIR print
#   glibc X.Y           the newest GLIBC_ symbol version any of them needs
#   pkg NAME            a Debian package holding a library they need that DIR does not ship
#   missing SONAME      a needed library found neither in DIR nor in the root (optional plugins' deps)
set -eu
dir=$1
elfs=$(find "$dir" -type f \( -name '*.so*' -o -perm -u+x \) -exec sh -c 'head -c4 "$1" | grep -q ELF && echo "$1"' _ {} \;)
shipped=$(find "$dir" \( -type f -o -type l \) -name '*.so*' -printf '%f\n' | sort -u)
echo "$elfs" | xargs -r objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1 | sed 's/^/glibc /'
needed=$(echo "$elfs" | xargs -r objdump -p 2>/dev/null | awk '/NEEDED/ {print $2}' | sort -u)
for so in $needed; do
    echo "$shipped" | grep -qxF "$so" && continue
    path=$(ldconfig -p | awk -v so="$so" '$1 == so && /x86-64/ {print $NF; exit}')
    if [ -z "$path" ]; then echo "missing $so"; continue; fi
    real=$(readlink -f "$path")
    pkg=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$real" 2>/dev/null || dpkg -S "${path#/usr}" 2>/dev/null || true)
    pkg=${pkg%%:*}
    if [ -n "$pkg" ]; then echo "pkg $pkg"; else echo "missing $so"; fi
done
