"""nbgrader for the tsdl lessons (TypeScript, on the tsdl kernel).

Copy this file to the root of an nbgrader course folder (the folder that holds source/,
submitted/, autograded/, …; nbgrader reads nbgrader_config.py from where it runs), or include
it from an existing one:  exec(open("/opt/tsdl/deploy/nbgrader/nbgrader_config.py").read())
after `c = get_config()`. deploy/README.md says which of nbgrader's steps work with tsdl.

The values are the conventions `tsdl assign` and `tsdl grade` use (cli/course/regions.ts):
  // BEGIN SOLUTION … // END SOLUTION          replaced by the code stub below
  // BEGIN HIDDEN TESTS … // END HIDDEN TESTS  removed from the student version
nbgrader finds a delimiter anywhere in a line, so the TypeScript comment `// BEGIN SOLUTION`
matches as Python's `# BEGIN SOLUTION` does. The stub is chosen by the notebook's
kernelspec language, which is "typescript" for every lesson.
"""
c = get_config()  # noqa: F821 (traitlets provides it)

# A stub that compiles and throws when run, so an unanswered exercise fails its tests with a
# clear error instead of a compile error in the student's next cell.
c.ClearSolutions.code_stub = {
    "typescript": 'throw new Error("not implemented");',
    "python": "# YOUR CODE HERE\nraise NotImplementedError()",
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"  # (nbgrader's spelling)
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"

# What `tsdl grade --instructor … --submissions …` allows one cell by default (--timeout 120).
c.Execute.timeout = 120
