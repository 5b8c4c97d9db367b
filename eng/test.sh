#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what it needs (Debian packages, npm peers from the
# lockfile), builds, runs every test project and prints the figures. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1
export PROPGRADE_REPO_ROOT="$PWD"

step() { printf '\n=== %s ===\n' "$*"; }

step "Debian packages (Chromium for the browser tests)"
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then apt_get="apt-get"; else apt_get="sudo apt-get"; fi
  $apt_get update -qq
  DEBIAN_FRONTEND=noninteractive $apt_get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi
chromium --version

step "npm test peers (s3rver, dynalite, aws-local-stepfunctions, asl-validator, aws-cdk, playwright-core)"
npm ci --prefix eng/peers --no-audit --no-fund --loglevel=error

step "build"
dotnet build PropGrade.sln -c Release -warnaserror -nologo -clp:ErrorsOnly

step "tests"
rm -rf artifacts/test-results
status=0
dotnet test PropGrade.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory artifacts/test-results || status=$?

step "AWS functions: publish (linux-arm64, ReadyToRun), package size, local cold start"
# Owned by the AWS part (docs/aws.md). The arm64 folder is what `cdk deploy` uploads; cold start is measured on a
# linux-x64 publish of the same project because this machine cannot run arm64 code.
dotnet publish src/PropGrade.Functions -c Release -r linux-arm64 --self-contained false -p:PublishReadyToRun=true \
  -o artifacts/functions -nologo -clp:ErrorsOnly >/dev/null
dotnet publish src/PropGrade.Functions -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o artifacts/functions-x64 -nologo -clp:ErrorsOnly >/dev/null
(cd artifacts/functions && rm -f ../functions.zip && python3 -c "import shutil; shutil.make_archive('../functions', 'zip', '.')")
python3 -c "import os; z=os.path.getsize('artifacts/functions.zip'); print(f'functions package: {z/1e6:.1f} MB zipped (target <= 15 MB)')"
for i in 1 2 3; do dotnet artifacts/functions-x64/PropGrade.Functions.dll --cold-start || status=1; done

step "summary"
python3 - "$status" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob("artifacts/test-results/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None:
        continue
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit "$status"
