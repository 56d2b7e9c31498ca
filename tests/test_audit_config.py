"""`make audit`'s Lighthouse CI configuration (audit/): the thresholds, the 404 page's own rules,
and npm pins that name no registry. Running the audit itself is `make audit` (docs/testing.md)."""

import json
import re
from pathlib import Path

AUDIT = Path(__file__).resolve().parent.parent / "audit"


def read(name):
    return json.loads((AUDIT / name).read_text())


def test_every_page_must_score_95_in_performance_and_100_in_the_other_categories():
    assertions = read("lighthouserc.json")["ci"]["assert"]["assertions"]

    assert assertions == {
        "categories:performance": ["error", {"minScore": 0.95}],
        "categories:accessibility": ["error", {"minScore": 1}],
        "categories:best-practices": ["error", {"minScore": 1}],
        "categories:seo": ["error", {"minScore": 1}],
    }


def test_the_audit_runs_once_per_url_in_mobile_mode_on_the_four_categories():
    collect = read("lighthouserc.json")["ci"]["collect"]

    assert collect["numberOfRuns"] == 1
    assert collect["settings"]["formFactor"] == "mobile"
    assert collect["settings"]["onlyCategories"] == [
        "performance",
        "accessibility",
        "best-practices",
        "seo",
    ]


def test_the_404_page_keeps_the_thresholds_and_waives_only_what_its_status_causes():
    not_found = read("lighthouserc-not-found.json")["ci"]
    lighthouse_config = read("not-found.config.json")

    assert not_found["extends"] == "./lighthouserc.json"
    assert "assert" not in not_found
    assert not_found["collect"]["settings"]["skipAudits"] == ["http-status-code"]
    assert not_found["collect"]["settings"]["configPath"] == "audit/not-found.config.json"
    (console,) = lighthouse_config["audits"]
    assert console["path"] == "errors-in-console"
    # Lighthouse's own default pattern is kept: options replace it rather than add to it.
    assert console["options"]["ignoredPatterns"] == [
        "ERR_BLOCKED_BY_CLIENT.Inspector",
        "the server responded with a status of 404",
    ]


def test_lighthouse_ci_and_lighthouse_are_pinned_to_exact_versions():
    package = read("package.json")
    lock = read("package-lock.json")["packages"]

    assert package["dependencies"] == {"@lhci/cli": "0.15.1"}
    assert package["overrides"] == {"lighthouse": "12.2.3"}
    assert lock["node_modules/@lhci/cli"]["version"] == "0.15.1"
    assert lock["node_modules/lighthouse"]["version"] == "12.2.3"


def test_the_npm_lock_file_names_no_registry_host_but_checks_every_download():
    packages = read("package-lock.json")["packages"]
    installed = [entry for path, entry in packages.items() if path]

    # Only funding links are URLs in the lock; a download URL would name the registry's host.
    assert not re.search(r"registry|\.tgz", (AUDIT / "package-lock.json").read_text())
    assert not [entry for entry in installed if "resolved" in entry]
    assert all(entry.get("integrity", "").startswith("sha512-") for entry in installed)
