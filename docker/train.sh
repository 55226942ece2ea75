#!/bin/sh
# The compose `train` service: write the bundle that `api` serves, then exit.
# Trains only when no bundle exists at the output folder yet (--out X or --out=X among the
# arguments, else $LATENTMAP_TRAIN_OUT), so `docker compose up` after a restart serves the same
# bundle at once; LATENTMAP_RETRAIN=1 trains anew (the swap is atomic, a running api keeps its
# bundle until reloaded). Arguments go to `python -m training`.
set -eu
out="${LATENTMAP_TRAIN_OUT:-}"
next_is_out=0
for arg in "$@"; do  # the last --out wins, as it does for python -m training
    if [ "$next_is_out" = 1 ]; then
        out="$arg"
        next_is_out=0
        continue
    fi
    case "$arg" in
        --out) next_is_out=1 ;;
        --out=*) out="${arg#--out=}" ;;
    esac
done
if [ -z "$out" ]; then
    echo "latentmap-train: set LATENTMAP_TRAIN_OUT or pass --out to name the bundle folder to write" >&2
    exit 2
fi
if [ -f "$out/manifest.json" ] && [ "${LATENTMAP_RETRAIN:-0}" != "1" ]; then
    echo "latentmap-train: a bundle is already at $out, not retraining (LATENTMAP_RETRAIN=1 retrains)"
    exit 0
fi
exec python -m training "$@"
