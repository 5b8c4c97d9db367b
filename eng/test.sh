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

step "page unit tests (node --test: the page's pure modules, src/PropGrade.Web/lib)"
# Node's built-in runner, no npm packages: a readable report here, a JUnit file for the summary below.
mkdir -p artifacts/test-results
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=junit --test-reporter-destination=artifacts/test-results/page-unit-tests.junit.xml \
  tests/PropGrade.Web.Tests/js/*.test.js || status=1

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
# The page's node tests (JUnit from `node --test`): every <testcase>, failed when it holds <failure>/<error>.
node_passed = node_failed = node_skipped = 0
for f in glob.glob("artifacts/test-results/*.junit.xml"):
    try:
        cases = ET.parse(f).getroot().iter("testcase")
    except ET.ParseError:
        node_failed += 1  # a runner that died mid-report counts as a failure
        continue
    for case in cases:
        if case.find("failure") is not None or case.find("error") is not None:
            node_failed += 1
        elif case.find("skipped") is not None:
            node_skipped += 1
        else:
            node_passed += 1
print(f"page unit tests (node): {node_passed} passed, {node_failed} failed, {node_skipped} skipped")
passed += node_passed; failed += node_failed; skipped += node_skipped
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit "$status"
