/// Every reason an export cannot be made, one line each, saying what to change.
struct ExportProblems: Error {
    let problems: [String]

    init(_ problems: [String]) { self.problems = problems }
    init(_ problem: String) { self.problems = [problem] }
}
