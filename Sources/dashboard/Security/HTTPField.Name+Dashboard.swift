import HTTPTypes

extension HTTPField.Name {
    /// `Referrer-Policy` (not among HTTPTypes' names).
    static var referrerPolicy: Self { named("Referrer-Policy") }
    /// The header that carries the token on POST.
    static var formationToken: Self { named(AccessToken.header) }

    private static func named(_ name: String) -> Self {
        guard let field = Self(name) else { preconditionFailure("\(name) is a valid header name") }
        return field
    }
}
