/// A failure of the job that is not the store's: a file, a line of an import, the config.
struct JobError: Error, CustomStringConvertible {
    /// One line for the user.
    let description: String
    /// Where it was raised.
    let fileID: String
    /// The line it was raised at.
    let line: Int

    init(_ description: String, fileID: String = #fileID, line: Int = #line) {
        self.description = description
        self.fileID = fileID
        self.line = line
    }
}
