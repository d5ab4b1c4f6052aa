"""TAP output for one e2e suite: "ok - PREFIX/name" lines, skips and a failure count."""


class Tap:
    """Reports results as TAP lines; LAST_LINES keeps only the tail of a failure's detail."""

    def __init__(self, prefix, last_lines=None, quote=False):
        self.prefix = prefix
        self.last_lines = last_lines
        self.quote = quote
        self.failures = 0

    def report(self, passed, name, detail=""):
        """Print one TAP line, with DETAIL as diagnostics when it failed."""
        print(f"{'ok' if passed else 'not ok'} - {self.prefix}/{name}",
              flush=True)
        if passed:
            return
        self.failures += 1
        lines = str(detail).splitlines()
        if self.last_lines:
            lines = lines[-self.last_lines:]
        for line in lines:
            print(f"#   {line!r}" if self.quote else f"#   {line}", flush=True)

    def skip(self, name, why):
        print(f"ok - {self.prefix}/{name} # SKIP {why}", flush=True)

    def exit_code(self):
        """The suite's exit status: 1 when anything failed."""
        return 1 if self.failures else 0
