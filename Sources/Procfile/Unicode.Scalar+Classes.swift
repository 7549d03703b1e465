extension Unicode.Scalar {
    /// A space or a tab.
    var isBlank: Bool { self == " " || self == "\t" }

    /// `0`...`9`.
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }

    /// `A`...`Z` or `a`...`z`.
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }

    /// A character allowed in a process type name: `[A-Za-z0-9_-]`.
    var isProcessNameCharacter: Bool { isASCIILetter || isASCIIDigit || self == "_" || self == "-" }

    /// A character allowed first in a `.env` key or variable name: `[A-Za-z_]`.
    var isKeyStart: Bool { isASCIILetter || self == "_" }

    /// A character allowed after the first in a `.env` key: `[A-Za-z0-9_.]`.
    var isKeyCharacter: Bool { isKeyStart || isASCIIDigit || self == "." }

    /// A character allowed after the first in a bare `$NAME` reference: `[A-Za-z0-9_]`.
    var isBareReferenceCharacter: Bool { isKeyStart || isASCIIDigit }

    /// A readable rendering for messages: `a space`, `a tab`, or the quoted character.
    var quotedForMessage: String {
        switch self {
        case " ": "a space"
        case "\t": "a tab"
        default: "'\(Character(self))'"
        }
    }
}
