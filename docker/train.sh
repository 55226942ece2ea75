#!/bin/sh
# The compose `train` service: write the bundle that `api` serves, then exit.
# Trains only when no bundle exists at $LATENTMAP_TRAIN_OUT yet, so `docker compose up` after a
# restart serves the same bundle at once; LATENTMAP_RETRAIN=1 trains anew (the swap is atomic,
# a running api keeps its bundle until reloaded). Arguments go to `python -m training`.
set -eu
out="${LATENTMAP_TRAIN_OUT:?set LATENTMAP_TRAIN_OUT to the bundle folder to write}"
if [ -f "$out/manifest.json" ] && [ "${LATENTMAP_RETRAIN:-0}" != "1" ]; then
    echo "latentmap-train: a bundle is already at $out, not retraining (LATENTMAP_RETRAIN=1 retrains)"
    exit 0
fi
exec python -m training "$@"
