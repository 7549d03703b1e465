extension String {
    /// Creates a string from a sequence of Unicode scalars.
    init<S: Sequence>(scalars: S) where S.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        self.init(view)
    }

    /// The string with leading and trailing spaces and tabs removed.
    var trimmingBlanks: String {
        let scalars = Array(unicodeScalars)
        return String(scalars: scalars[scalars.blankTrimmedRange(0..<scalars.count)])
    }
}
