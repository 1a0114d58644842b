"""Run unittest modules and print one JSON line: {test id: {"status": ..., "detail": ...}}.
`--list` only names the tests. Used by test/kernel/e2e.test.ts."""
import json
import sys
import unittest


class Recorder(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.outcomes = {}

    def _set(self, test, status, detail=""):
        key = test.id()
        # A failing subTest makes its whole test fail; keep the first failure.
        if self.outcomes.get(key, {}).get("status") in ("fail", "error"):
            return
        self.outcomes[key] = {"status": status, "detail": detail}

    def addSuccess(self, test):
        self._set(test, "ok")

    def addFailure(self, test, err):
        self._set(test, "fail", self._exc_info_to_string(err, test))

    def addError(self, test, err):
        self._set(test, "error", self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        self._set(test, "skip", reason)

    def addSubTest(self, test, subtest, err):
        if err is not None:
            self._set(test, "fail", self._exc_info_to_string(err, subtest))


def tests_of(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from tests_of(item)
        else:
            yield item


def main(argv):
    listing = "--list" in argv
    names = [a for a in argv if a != "--list"]
    suite = unittest.defaultTestLoader.loadTestsFromNames(names)
    if listing:
        print(json.dumps([t.id() for t in tests_of(suite)]))
        return 0
    ids = [t.id() for t in tests_of(suite)]
    result = Recorder()
    suite.run(result)
    for test_id in ids:
        result.outcomes.setdefault(test_id, {"status": "missing", "detail": "did not report"})
    print(json.dumps(result.outcomes))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
