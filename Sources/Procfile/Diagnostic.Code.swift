extension Diagnostic {
    /// A stable identifier for the kind of a ``Diagnostic`` (its `description` is the raw value,
    /// e.g. `duplicate-name`).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The kebab-case identifier.
        public let rawValue: String

        /// Creates a code from its identifier.
        public init(_ rawValue: String) { self.rawValue = rawValue }

        /// The kebab-case identifier.
        public var description: String { rawValue }

        /// A line that is neither a definition, a comment nor blank.
        public static let invalidLine = Code("invalid-line")
        /// A process type name with characters outside `[A-Za-z0-9_-]`, or no name at all.
        public static let invalidName = Code("invalid-name")
        /// A process type defined twice (in a Procfile or a formation).
        public static let duplicateName = Code("duplicate-name")
        /// A process type whose command is empty.
        public static let emptyCommand = Code("empty-command")
        /// A Procfile without any process type.
        public static let noProcessTypes = Code("no-process-types")
        /// A `.env` key outside `[A-Za-z_][A-Za-z0-9_.]*`.
        public static let invalidKey = Code("invalid-key")
        /// A quoted `.env` value whose closing quote is missing.
        public static let unterminatedQuote = Code("unterminated-quote")
        /// Text after the closing quote of a `.env` value that is not a comment.
        public static let trailingCharacters = Code("trailing-characters")
        /// A malformed `${...}` variable reference in a `.env` value.
        public static let invalidReference = Code("invalid-reference")
        /// A formation naming a process type the Procfile does not define.
        public static let unknownProcessType = Code("unknown-process-type")
        /// A formation count that is not a whole number 0 or greater, or too large for `Int`.
        public static let invalidCount = Code("invalid-count")
        /// A formation that is empty or has an entry without `=`.
        public static let invalidFormation = Code("invalid-formation")
        /// A base port that is not an integer in 1...65535.
        public static let invalidPort = Code("invalid-port")
    }
}
