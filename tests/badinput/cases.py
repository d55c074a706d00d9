"""The bad-input corpus: each case is a `brink` command line that must end in one line on
stderr, exit status 2, no traceback, and every run folder byte-identical afterwards.

A case is (id, arguments, needle): the needle must appear in the error line. Placeholders in
the arguments: ``{root}`` the runs folder of the corpus (runs ``small`` and the faulty
folders made by conftest.py), ``{tmp}`` an empty folder of the case, ``{file}`` a regular
file there, ``{fifo}`` a FIFO there, ``{devlink}`` a symlink to /dev/full there, and
``{scen:NAME}`` a scenario file from ``scenario_files.BUILDERS``. A needle may use the same
placeholders. Ids starting with ``stdout-full-`` run with a standard output that fails with
ENOSPC (as ``> /dev/full``).
"""

from __future__ import annotations

from typing import NamedTuple


class Case(NamedTuple):
    id: str
    args: tuple[str, ...]
    needle: str


def _c(id_: str, line: str | list[str], needle: str) -> Case:
    args = tuple(line.split()) if isinstance(line, str) else tuple(line)
    return Case(id_, args, needle)


R = "--out {root}"  # the corpus's runs folder

# ------------------------------------------------------------------ any command, usage errors
GLOBAL = [
    _c("unknown-command", "teleport", "No such command 'teleport'"),
    _c("unknown-global-option", "--bogus", "No such option: --bogus"),
    _c("list-unknown-option", "list --bogus", "No such option: --bogus"),
    _c("list-extra-argument", "list extra", "unexpected extra argument"),
    _c("schema-extra-argument", "schema extra", "unexpected extra argument"),
    _c("runs-unknown-option", "runs --bogus", "No such option"),
    _c("validate-missing-argument", "validate", "Missing argument 'path'"),
    _c("query-missing-sql", f"query small {R}", "Missing argument 'sql'"),
    _c("duel-missing-doctrine", "duel tft", "Missing argument 'B'"),
    _c("option-missing-value", "run --episodes", "requires an argument"),
]

# ----------------------------------------------------------------------------------- run
RUN = [
    _c("run-unknown-scenario", "run atlantis", "atlantis: no such scenario"),
    _c("run-episodes-zero", "run --episodes 0", "--episodes"),
    _c("run-episodes-negative", "run --episodes -5", "--episodes"),
    _c("run-episodes-text", "run --episodes many", "'--episodes'"),
    _c("run-episodes-fraction", "run --episodes 1.5", "'--episodes'"),
    _c("run-episodes-empty", ["run", "--episodes", ""], "'--episodes'"),
    _c("run-episodes-runaway", "run korea-2017 --episodes 1000000000000", "pass --force"),
    _c("run-seed-negative", "run --seed -1 --episodes 10", "--seed"),
    _c("run-seed-text", "run --seed lucky", "'--seed'"),
    _c("run-unknown-policy", "run -p carpet-bombing --episodes 10", "carpet-bombing"),
    _c("run-second-policy-unknown", "run -p engagement -p nope --episodes 10", "nope"),
    _c("run-workers-negative", "run --workers -1 --episodes 10", "--workers"),
    _c("run-workers-text", "run --workers lots", "'--workers'"),
    _c("run-unknown-opponent", "run --opponent nobody --episodes 10", "nobody"),
    _c("run-set-no-equals", "run --set noequals --episodes 10", "expected PATH=VALUE"),
    _c("run-set-empty-path", "run --set =1 --episodes 10", "empty path"),
    _c("run-set-unknown-block", "run --set no_such_block.x=1 --episodes 10", "no_such_block"),
    _c("run-set-bad-date", "run --set start_date=2017-13-45 --episodes 10", "invalid date"),
    _c("run-extra-argument", "run korea-2017 extra", "unexpected extra argument"),
    _c("run-folder-as-scenario", "run {tmp}", "not a regular file"),
    _c("run-fifo-as-scenario", "run {fifo}", "not a regular file"),
    _c("run-device-as-scenario", "run /dev/zero", "not a regular file"),
]

# ------------------------------------------------------------------------------- narrate
NARRATE = [
    _c("narrate-episode-negative", "narrate --episode -1", "--episode"),
    _c("narrate-episode-huge", "narrate --episode 100000000000000000000000", "--episode"),
    _c("narrate-episode-text", "narrate --episode third", "'--episode'"),
    _c("narrate-seed-negative", "narrate --seed -2", "--seed"),
    _c("narrate-unknown-policy", "narrate -p nope", "nope"),
    _c("narrate-second-policy-unknown", "narrate -p engagement -p nope", "nope"),
    _c("narrate-unknown-opponent", "narrate --opponent nobody", "nobody"),
    _c("narrate-set-bad", "narrate --set noequals", "expected PATH=VALUE"),
    _c("narrate-draw-on-scenario-name", f"narrate korea-2017 --draw 0 {R}", "no such run"),
    _c("narrate-draw-negative", f"narrate small --draw -1 {R}", "--draw: expected 0 to 23"),
    _c("narrate-draw-too-big", f"narrate small --draw 1000000 {R}", "--draw: expected 0 to 23"),
    _c("narrate-draw-text", f"narrate small --draw first {R}", "'--draw'"),
    _c("narrate-replication-too-big", f"narrate small --draw 0 --replication 10 {R}", "0 to 9"),
    _c("narrate-replication-negative", f"narrate small --draw 0 --replication -1 {R}", "0 to 9"),
    _c("narrate-replication-alone", f"narrate small --replication 1 {R}", "needs --draw"),
    _c("narrate-draw-with-seed", f"narrate small --draw 0 --seed 3 {R}", "--seed: not used"),
    _c("narrate-draw-with-episode", f"narrate small --draw 0 --episode 2 {R}", "--episode"),
    _c("narrate-draw-with-set", f"narrate small --draw 0 --set a=1 {R}", "--set: not used"),
    _c("narrate-draw-with-opponent", f"narrate small --draw 0 --opponent x {R}", "--opponent"),
    _c("narrate-draw-policy-not-in-run", f"narrate small --draw 0 -p grit {R}", "'grit'"),
    _c("narrate-draw-ghost-run", f"narrate ghost --draw 0 {R}", "ghost: no such run"),
    _c("narrate-draw-foreign-run", f"narrate foreign --draw 0 {R}", "written by brink"),
    _c("narrate-draw-truncated-run", f"narrate truncated --draw 0 {R}", "damaged part"),
    _c("narrate-draw-not-stored", f"narrate incomplete --draw 0 {R}", "is not stored yet"),
]

# ------------------------------------------------------------------------------- compare
C = "compare --replications 2"
COMPARE = [
    _c("compare-samples-zero", f"compare --samples 0 {R}", "--samples"),
    _c("compare-samples-negative", f"compare --samples -4 {R}", "--samples"),
    _c("compare-samples-text", f"compare --samples some {R}", "'--samples'"),
    _c("compare-samples-runaway", f"compare --samples 1000000000 {R}", "pass --force"),
    _c("compare-replications-zero", f"compare --replications 0 {R}", "--replications"),
    _c("compare-replications-negative", f"compare --replications -3 {R}", "--replications"),
    _c("compare-replications-runaway", f"compare --replications 100000000 {R}", "pass --force"),
    _c("compare-seed-negative", f"{C} --samples 2 --seed -1 {R}", "--seed"),
    _c("compare-unknown-policy", f"{C} --samples 2 -p nope {R}", "nope"),
    _c("compare-unknown-sampler", f"{C} --samples 2 --sampler dice {R}", "--sampler"),
    _c("compare-unknown-opponent", f"{C} --samples 2 --opponent nobody {R}", "nobody"),
    _c("compare-name-dotdot", f"{C} --samples 2 --name ../escape {R}", "--name"),
    _c("compare-name-slash", f"{C} --samples 2 --name a/b {R}", "--name"),
    _c("compare-name-empty", [*f"{C} --samples 2 {R}".split(), "--name", ""], "--name"),
    _c("compare-name-hidden", f"{C} --samples 2 --name .hidden {R}", "--name"),
    _c("compare-name-exists", f"{C} --samples 2 --name small {R}", "already exists"),
    _c("compare-name-is-foreign-folder", f"{C} --samples 2 --name plain {R}", "already exists"),
    _c("compare-workers-negative", f"{C} --samples 2 --workers -1 {R}", "--workers"),
    _c("compare-unknown-executor", f"{C} --samples 2 --executor cloud {R}", "--executor"),
    _c("compare-dask-no-address", f"{C} --samples 2 --executor dask {R}", "--address"),
    _c("compare-episodes-per-task-zero", f"{C} --samples 2 --episodes-per-task 0 {R}", "task"),
    _c("compare-episodes-per-task-neg", f"{C} --samples 2 --episodes-per-task -5 {R}", "task"),
    _c("compare-set-bad", f"{C} --samples 2 --set noequals {R}", "expected PATH=VALUE"),
    _c("compare-unknown-scenario", f"compare atlantis {R}", "atlantis"),
    _c("compare-out-proc", f"{C} --samples 2 --out /proc/brink", "--out: cannot write"),
    _c("compare-out-regular-file", f"{C} --samples 2 --out {{file}}", "is not a folder"),
    _c("compare-out-device", f"{C} --samples 2 --out /dev/null", "is not a folder"),
    _c("compare-out-fifo", f"{C} --samples 2 --out {{fifo}}", "is not a folder"),
]

# ---------------------------------------------------------------------- runs, resume, rm
RESUME = [
    _c("resume-ghost", f"resume ghost {R}", "ghost: no such run"),
    _c("resume-plain-folder", f"resume plain {R}", "not a Brink run folder"),
    _c("resume-foreign-manifest", f"resume foreign {R}", "written by brink"),
    _c("resume-corrupt-manifest", f"resume corrupt {R}", "corrupt manifest"),
    _c("resume-binary-manifest", f"resume binary {R}", "corrupt manifest"),
    _c("resume-list-manifest", f"resume listed {R}", "written by brink"),
    _c("resume-manifest-without-tasks", f"resume notasks {R}", "tasks: required field"),
    _c("resume-old-version", f"resume old {R}", "tool_version"),
    _c("resume-other-format", f"resume format {R}", "format_version"),
    _c("resume-design-deleted", f"resume nodesign {R}", "design is damaged (missing)"),
    _c("resume-design-truncated", f"resume baddesign {R}", "design is damaged"),
    _c("resume-scenario-corrupt", f"resume badscenario {R}", "cannot read the run's scenario"),
    _c("resume-workers-negative", f"resume small --workers -1 {R}", "--workers"),
    _c("resume-unknown-executor", f"resume small --executor cloud {R}", "--executor"),
    _c("resume-missing-argument", "resume", "Missing argument 'run'"),
]
RM = [
    _c("rm-ghost", f"rm ghost --yes {R}", "no such run"),
    _c("rm-plain-folder", f"rm plain --yes {R}", "not a Brink run folder"),
    _c("rm-foreign-manifest", f"rm foreign --yes {R}", "not a manifest written by brink"),
    _c("rm-corrupt-manifest", f"rm corrupt --yes {R}", "unreadable manifest"),
    _c("rm-folder-with-user-file", f"rm stray --yes {R}", "'notes.txt', which Brink did not"),
    _c("rm-without-yes-not-interactive", f"rm small {R}", "pass --yes"),
    _c("rm-the-runs-folder-itself", "rm {root} --yes", "not a Brink run folder"),
    _c("rm-unknown-option", f"rm small --force {R}", "No such option: --force"),
]

# ---------------------------------------------------------------------------------- query
Q = "query small"
SQL = [
    ("syntax", "SELEC nonsense", "syntax error"),
    ("unknown-column", "SELECT nope FROM episodes", "nope"),
    ("unknown-table", "SELECT * FROM secrets", "secrets"),
    ("empty", "", "expected exactly one statement"),
    ("two-statements", "SELECT 1; SELECT 2", "exactly one statement (got 2)"),
    ("drop", "DROP VIEW episodes", "only SELECT queries are allowed (got DROP)"),
    ("delete", "DELETE FROM episodes", "(got DELETE)"),
    ("insert", "INSERT INTO episodes VALUES (1)", "(got INSERT)"),
    ("update", "UPDATE episodes SET turns = 0", "(got UPDATE)"),
    ("create-table", "CREATE TABLE t AS SELECT 1", "(got CREATE)"),
    ("create-macro", "CREATE MACRO m(x) AS x", "(got CREATE)"),
    ("copy-to", "COPY (SELECT 1) TO 'x.csv'", "(got COPY)"),
    ("copy-from", "COPY episodes FROM '/etc/passwd'", "(got COPY)"),
    ("install", "INSTALL httpfs", "(got INSTALL)"),
    ("load", "LOAD httpfs", "(got LOAD)"),
    ("attach", "ATTACH '/tmp/other.duckdb' AS other", "(got ATTACH)"),
    ("detach", "DETACH memory", "(got DETACH)"),
    ("set", "SET enable_external_access = true", "(got SET)"),
    ("reset", "RESET enable_external_access", "(got RESET)"),
    ("pragma", "PRAGMA version", "(got PRAGMA)"),
    ("call", "CALL pragma_version()", "(got CALL)"),
    ("export", "EXPORT DATABASE '/tmp/dump'", "(got EXPORT)"),
    ("import", "IMPORT DATABASE '/tmp/dump'", "(got IMPORT)"),
    ("checkpoint", "CHECKPOINT", "(got CHECKPOINT)"),
    ("read-csv-passwd", "SELECT * FROM read_csv('/etc/passwd')", "refused (Permission"),
    ("read-text-passwd", "SELECT * FROM read_text('/etc/passwd')", "refused (Permission"),
    ("read-blob-passwd", "SELECT * FROM read_blob('/etc/shadow')", "refused (Permission"),
    ("read-json", "SELECT * FROM read_json('/etc/hosts')", "refused (Permission"),
    ("sniff-csv", "SELECT * FROM sniff_csv('/etc/passwd')", "refused (Permission"),
    ("glob-etc", "SELECT * FROM glob('/etc/*')", "refused (Permission"),
    ("glob-own-run-folder", "SELECT * FROM glob('{root}/small/*')", "refused (Permission"),
    ("other-run", "SELECT * FROM read_parquet('{root}/other/parts/*/*.parquet')", "refused"),
    ("dotdot-escape", "SELECT * FROM read_parquet('{root}/small/parts/../../other/d*')", "refused"),
    ("parquet-metadata", "SELECT * FROM parquet_metadata('/etc/passwd')", "refused"),
    ("replacement-scan", "SELECT * FROM '/etc/passwd'", "/etc/passwd"),
    ("settings-locked", "SELECT set_config('threads', '1')", "set_config"),
]
QUERY = [_c(f"query-{name}", ["query", "small", sql, "--out", "{root}"], n) for name, sql, n in SQL]
QUERY += [
    _c("query-ghost", f"query ghost SELECT {R}", "ghost: no such run"),
    _c("query-plain-folder", f"query plain SELECT {R}", "not a Brink run folder"),
    _c("query-foreign-manifest", f"query foreign SELECT {R}", "written by brink"),
    _c("query-corrupt-manifest", f"query corrupt SELECT {R}", "corrupt manifest"),
    _c("query-old-version", f"query old SELECT {R}", "tool_version"),
    _c("query-truncated-part", f"query truncated SELECT {R}", "damaged part"),
    _c("query-part-with-wrong-rows", f"query shortpart SELECT {R}", "rows where the task has"),
    _c("query-design-deleted", f"query nodesign SELECT {R}", "design is damaged (missing)"),
    _c("query-design-truncated", f"query baddesign SELECT {R}", "design is damaged"),
    _c("query-empty-run", f"query noparts SELECT {R}", "no stored episodes yet"),
    _c("query-limit-negative", f"{Q} SELECT --limit -1 {R}", "--limit"),
    _c("query-limit-text", f"{Q} SELECT --limit few {R}", "'--limit'"),
    _c("query-csv-and-parquet", f"{Q} SELECT --csv {{tmp}}/a --parquet {{tmp}}/b {R}", "one of"),
    _c("query-csv-device", f"{Q} SELECT --csv /dev/full {R}", "character device"),
    _c("query-csv-devlink", f"{Q} SELECT --csv {{devlink}} {R}", "character device"),
    _c("query-csv-fifo", f"{Q} SELECT --csv {{fifo}} {R}", "FIFO"),
    _c("query-csv-folder", f"{Q} SELECT --csv {{tmp}} {R}", "is a folder"),
    _c("query-csv-proc", f"{Q} SELECT --csv /proc/x.csv {R}", "cannot write in folder /proc"),
    _c("query-csv-missing-folder", f"{Q} SELECT --csv {{tmp}}/no/x.csv {R}", "does not exist"),
    _c("query-parquet-device", f"{Q} SELECT --parquet /dev/null {R}", "character device"),
    _c(
        "query-csv-bad-sql",
        ["query", "small", "DROP VIEW episodes", "--csv", "{tmp}/x.csv", "--out", "{root}"],
        "only SELECT",
    ),
    _c(
        "query-csv-escape",
        [*Q.split(), "SELECT * FROM glob('/etc/*')", "--csv", "{tmp}/x.csv", "--out", "{root}"],
        "refused",
    ),
]

# -------------------------------------------------------------------- sensitivity, discover
SENSITIVITY = [
    _c("sensitivity-unknown-method", f"sensitivity small --method fast {R}", "--method"),
    _c("sensitivity-unknown-metric", f"sensitivity small --metric fun {R}", "fun"),
    _c("sensitivity-policy-not-in-run", f"sensitivity small -p grit {R}", "'grit'"),
    _c("sensitivity-samples-one", f"sensitivity small --samples 1 {R}", "--samples"),
    _c("sensitivity-replications-zero", f"sensitivity small --replications 0 {R}", "--replic"),
    _c("sensitivity-top-negative", f"sensitivity small --top -1 {R}", "--top"),
    _c("sensitivity-workers-negative", f"sensitivity small --workers -1 {R}", "--workers"),
    _c("sensitivity-runaway", f"sensitivity small --samples 100000000 {R}", "pass --force"),
    _c("sensitivity-ghost", f"sensitivity ghost {R}", "ghost: no such run"),
    _c("sensitivity-foreign", f"sensitivity foreign {R}", "written by brink"),
]
DISCOVER = [
    _c("discover-unknown-outcome", f"discover small --outcome peace {R}", "'peace'"),
    _c("discover-unknown-war-kind", f"discover small --outcome war:cyber {R}", "war:cyber"),
    _c("discover-unknown-cause", f"discover small --outcome cause:luck {R}", "cause:luck"),
    _c("discover-policy-not-in-run", f"discover small -p grit {R}", "'grit'"),
    _c("discover-min-coverage-above-1", f"discover small --min-coverage 1.5 {R}", "(0, 1]"),
    _c("discover-min-coverage-zero", f"discover small --min-coverage 0 {R}", "(0, 1]"),
    _c("discover-min-coverage-negative", f"discover small --min-coverage -0.1 {R}", "(0, 1]"),
    _c("discover-min-coverage-nan", f"discover small --min-coverage nan {R}", "(0, 1]"),
    _c("discover-min-coverage-text", f"discover small --min-coverage half {R}", "'--min-cov"),
    _c("discover-min-density-zero", f"discover small --min-density 0 {R}", "(0, 1]"),
    _c("discover-min-density-two", f"discover small --min-density 2 {R}", "(0, 1]"),
    _c("discover-alpha-zero", f"discover small --alpha 0 {R}", "--alpha"),
    _c("discover-alpha-half", f"discover small --alpha 0.5 {R}", "--alpha"),
    _c("discover-alpha-negative", f"discover small --alpha -1 {R}", "--alpha"),
    _c("discover-incomplete-run", f"discover incomplete {R}", "the run is incomplete"),
    _c("discover-truncated-part", f"discover truncated {R}", "damaged part"),
    _c("discover-ghost", f"discover ghost {R}", "ghost: no such run"),
    _c("discover-foreign", f"discover foreign {R}", "written by brink"),
]

# ---------------------------------------------------------------------------------- report
REPORT = [
    _c("report-to-device", f"report small -o /dev/full {R}", "character device"),
    _c("report-to-devlink", f"report small -o {{devlink}} {R}", "character device"),
    _c("report-to-fifo", f"report small -o {{fifo}} {R}", "FIFO"),
    _c("report-to-folder", f"report small -o {{tmp}} {R}", "is a folder"),
    _c("report-to-proc", f"report small -o /proc/r.html {R}", "cannot write in folder /proc"),
    _c("report-to-missing-folder", f"report small -o {{tmp}}/no/r.html {R}", "does not exist"),
    _c("report-inside-run-folder", f"report small -o {{root}}/small/r.html {R}", "inside the run"),
    _c("report-empty-name", ["report", "small", "-o", "", "--out", "{root}"], "file name"),
    _c("report-ghost", f"report ghost -o {{tmp}}/r.html {R}", "ghost: no such run"),
    _c("report-foreign", f"report foreign -o {{tmp}}/r.html {R}", "written by brink"),
    _c("report-truncated-part", f"report truncated -o {{tmp}}/r.html {R}", "damaged part"),
    _c("report-design-deleted", f"report nodesign -o {{tmp}}/r.html {R}", "design"),
    _c("report-scenario-corrupt", f"report badscenario -o {{tmp}}/r.html {R}", "scenario"),
]

# ------------------------------------------------------------------- solve, duel, tournament
GAMES = [
    _c("solve-unknown-game", "solve nope", "unknown game 'nope'"),
    _c("solve-param-no-value", "solve chicken --param T", "expected NAME=VALUE"),
    _c("solve-unknown-param", "solve chicken --param Z=1", "unknown parameter 'Z'"),
    _c("solve-param-text", "solve chicken --param T=abc", "expected a number"),
    _c("solve-param-nan", "solve chicken --param T=nan", "finite"),
    _c("solve-param-overflow", "solve chicken --param T=1e400", "finite"),
    _c("solve-from-scenario-wrong-game", "solve chicken --from-scenario korea-2017", "signalling"),
    _c("solve-from-scenario-missing", "solve signalling --from-scenario nope.yaml", "nope.yaml"),
    _c("duel-unknown-doctrine", "duel tft nope", "unknown doctrine 'nope'"),
    _c("duel-noise-above-1", "duel tft tft --noise 2", "noise"),
    _c("duel-noise-negative", "duel tft tft --noise -0.1", "noise"),
    _c("duel-noise-nan", "duel tft tft --noise nan", "noise"),
    _c("duel-noise-text", "duel tft tft --noise some", "'--noise'"),
    _c("duel-noise-kind", "duel tft tft --noise-kind cosmic", "noise kind"),
    _c("duel-turns-zero", "duel tft tft --turns 0", "turns"),
    _c("duel-repetitions-zero", "duel tft tft --repetitions 0", "repetitions"),
    _c("duel-seed-negative", "duel tft tft --seed -1", "--seed"),
    _c("duel-payoffs-three", "duel tft tft --payoffs 1,2,3", "four numbers"),
    _c("duel-payoffs-order", "duel tft tft --payoffs 1,2,3,4", "T > R > P > S"),
    _c("duel-payoffs-text", "duel tft tft --payoffs a,b,c,d", "payoffs"),
    _c("duel-generosity", "duel gtft:2 tft", "generosity"),
    _c("duel-runaway", "duel tft tft --turns 100000000 --repetitions 100000000", "--force"),
    _c("tournament-unknown-doctrine", "tournament tft nope", "unknown doctrine 'nope'"),
    _c("tournament-twice", "tournament tft tft", "listed twice"),
    _c("tournament-turns-negative", "tournament --turns -1", "turns"),
    _c("tournament-noise", "tournament --noise 5", "noise"),
    _c("tournament-runaway", "tournament --turns 100000 --repetitions 100000", "--force"),
]

# --------------------------------------------------------------------- broken scenario files
#: builder → needle (what the one line must say)
BROKEN = {
    "unclosed-list": "malformed YAML",
    "unclosed-quote": "malformed YAML",
    "tab-indent": "malformed YAML",
    "bad-indent": "malformed YAML",
    "colon-garbage": "malformed YAML",
    "top-list": "expected a mapping",
    "top-scalar": "expected a mapping",
    "top-number": "expected a mapping",
    "top-null": "expected a mapping",
    "empty": "expected a mapping",
    "comments-only": "expected a mapping",
    "binary": "cannot read",
    "utf16": "cannot read",
    "nul-byte": "malformed YAML",
    "huge": "file too large",
    "alias-bomb": "alias bomb",
    "recursive-alias": "recursive alias",
    "undefined-alias": "malformed YAML",
    "deep-nesting": "levels deep",
    "unhashable-key": "malformed YAML",
    "bad-merge": "malformed YAML",
    "bad-int-tag": "invalid value 'abc'",
    "python-tag": "malformed YAML",
    "bad-float-tag": "invalid value 'abc'",
    "bad-timestamp-tag": "invalid date 'soon'",
    "nested-duplicate": "duplicated key 'key' (first at line 2, again at line 3)",
    "duplicate-top-key": "duplicated key",
    "duplicate-top-key-cuba": "duplicated key",
    "date-month-13": "invalid date '2017-13-45'",
    "date-feb-30": "invalid date '2017-02-30'",
    "date-apr-31": "invalid date '2017-04-31'",
    "date-cuba-day-0": "invalid date '1962-10-00'",
    "timestamp-hour-25": "invalid date '2017-04-24 25:00:00'",
    "garbage-appended": "malformed YAML",
    "second-document": "single document",
    "truncated-mid-quote": "malformed YAML",
    "bomb-appended": "alias bomb",
}
SCENARIO_FILES = [_c(f"validate-{k}", f"validate {{scen:{k}}}", n) for k, n in BROKEN.items()]
#: The same faults through the other commands that read scenario files (a selection).
THROUGH = ("date-month-13", "duplicate-top-key", "alias-bomb", "top-list", "binary", "huge")
SCENARIO_FILES += [_c(f"run-{k}", f"run {{scen:{k}}} --episodes 10", BROKEN[k]) for k in THROUGH]
SCENARIO_FILES += [
    _c(f"compare-{k}", f"compare {{scen:{k}}} --samples 2 --out {{tmp}}", BROKEN[k])
    for k in THROUGH
]
SCENARIO_FILES += [
    _c(f"solve-{k}", f"solve signalling --from-scenario {{scen:{k}}}", BROKEN[k]) for k in THROUGH
]
SCENARIO_FILES += [_c(f"narrate-{k}", f"narrate {{scen:{k}}}", BROKEN[k]) for k in THROUGH[:3]]
SCENARIO_FILES += [
    _c("validate-folder", "validate {tmp}", "not a regular file"),
    _c("validate-fifo", "validate {fifo}", "not a regular file"),
    _c("validate-device", "validate /dev/zero", "not a regular file"),
    _c("validate-missing-file", "validate {tmp}/nope.yaml", "no such scenario file"),
    _c("validate-set-bad-date", "validate korea-2017 --set start_date=2017-02-30", "invalid date"),
]

# ----------------------------------------------------------------- standard output unwritable
STDOUT = [
    _c("stdout-full-list", "list", "cannot write to standard output"),
    _c("stdout-full-runs", f"runs {R}", "cannot write to standard output"),
    _c("stdout-full-query", ["query", "small", "SELECT 1", "--out", "{root}"], "standard output"),
    _c("stdout-full-validate", "validate korea-2017", "cannot write to standard output"),
    _c("stdout-full-version", "--version", "cannot write to standard output"),
]

CASES: list[Case] = (
    GLOBAL + RUN + NARRATE + COMPARE + RESUME + RM + QUERY + SENSITIVITY + DISCOVER + REPORT
    + GAMES + SCENARIO_FILES + STDOUT
)  # fmt: skip
