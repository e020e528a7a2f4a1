#!/usr/bin/env bash
# The receiver check, one-shot, as the composite action (action.yml) runs it: `insim check` from the
# InstinctiveNotes.WebhookSimulator package, without installing it (`dotnet tool exec`, alias dnx,
# .NET 10 SDK). Exits with insim's code: 0 every case passed, 1 a case failed, 2 it could not run.
#   INSIM_URL      the receiver's URL (required)
#   INSIM_JUNIT    where to write the JUnit XML report (empty: none)
#   INSIM_VERSION  the package version (empty: the newest, pre-releases included)
#   INSIM_SOURCE   another package source to look in, e.g. the folder `dotnet pack -o DIR` wrote (optional)
set -euo pipefail
if [ -z "${INSIM_URL:-}" ]; then
  echo "insim-check: give the receiver's URL (the action's input url)" >&2
  exit 2
fi
tool=(dotnet tool exec InstinctiveNotes.WebhookSimulator)
if [ -n "${INSIM_VERSION:-}" ]; then tool+=(--version "$INSIM_VERSION"); else tool+=(--prerelease); fi
if [ -n "${INSIM_SOURCE:-}" ]; then tool+=(--add-source "$INSIM_SOURCE"); fi
check=(check "$INSIM_URL")
if [ -n "${INSIM_JUNIT:-}" ]; then check+=(--junit "$INSIM_JUNIT"); fi
exec "${tool[@]}" -- "${check[@]}"
