#!/bin/sh
# Runs a command with Boost's headers absent: an empty tmpfs over their
# directory in a private mount namespace (the rest of the system unchanged),
# so a consumer build that needs any Boost header fails. Where mount
# namespaces are not allowed (an unprivileged container), runs the command as
# it is and says so.
set -eu
boost_dir=/usr/include/boost
if [ -d "$boost_dir" ] && unshare -m --propagation private true 2>/dev/null; then
  echo "without_boost: $boost_dir hidden for the consumer build"
  exec unshare -m --propagation private \
    sh -c 'mount -t tmpfs none "$0" && [ -z "$(ls -A "$0")" ] && exec "$@"' "$boost_dir" "$@"
fi
echo "without_boost: cannot hide $boost_dir here; building with it present"
exec "$@"
