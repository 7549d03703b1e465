/// One scalar of a `.env` value before expansion, with its source position.
struct ValueScalar: Sendable, Equatable {
    /// The scalar.
    let scalar: Unicode.Scalar
    /// Whether it is exempt from `$` expansion (single-quoted or escaped).
    let isLiteral: Bool
    /// The 1-based source line.
    let line: Int
    /// The 1-based source column.
    let column: Int
}
