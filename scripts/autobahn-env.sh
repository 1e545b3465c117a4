# Sourced by scripts: where the shared Autobahn tools and their chroot are.
# AUTOBAHN_TOOLS overrides; otherwise shared/tools/autobahn beside the repository (CI: a fresh clone
# with shared/ next to it), found from the git top level, then /work/shared as a last resort.
if [ -z "${AUTOBAHN_TOOLS:-}" ]; then
  _top=$(git rev-parse --show-toplevel 2>/dev/null || pwd)
  for _d in "$_top/../shared/tools/autobahn" "$_top/shared/tools/autobahn" /work/shared/tools/autobahn; do
    if [ -f "$_d/run.sh" ]; then AUTOBAHN_TOOLS=$(cd "$_d" && pwd); break; fi
  done
  AUTOBAHN_TOOLS="${AUTOBAHN_TOOLS:-$_top/../shared/tools/autobahn}"
  unset _top _d
fi
AB_ROOT="${AB_ROOT:-/var/tmp/autobahn-py2root}"
export AUTOBAHN_TOOLS AB_ROOT
