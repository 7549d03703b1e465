/// Decides which `.env` keys are secret. `--secret KEY` makes a key secret and `--public KEY`
/// makes it public, whatever the rules below say (`--secret` wins over both).
///
/// Otherwise a key is secret when its value is a URL with a password in its userinfo
/// (`postgres://user:password@host/db`), or when its name matches, in any case:
/// - **anywhere in the name**: SECRET, PASSWORD, PASSWD, PASSPHRASE, TOKEN, CREDENTIAL, PRIVATE
///   (long enough that a match is meant: `APITOKEN`, `DBPASSWORD`);
/// - **as a whole word**, words being split at `_`, `.`, `-` and lower-to-upper case changes
///   (`dbPass` is `DB` `PASS`): PASS, PWD, AUTH, AUTHORIZATION, DSN, SALT, CERT, CERTS, KEY, KEYS,
///   and a word starting with CERTIFICATE or ending in KEY (`APIKEY`, `ACCESSKEY`).
///
/// Whole words keep these short patterns from matching other words: `PASSENGER`, `COMPASS`,
/// `BYPASS`, `AUTHOR`, `KEYBOARD`, `KEYSPACE` are not secret; `PWD` alone, the shell's working
/// directory, is not either. A false match costs a `--public`; a miss would put a secret in the
/// files, so the rule leans to secret (`MONKEY` ends in KEY; `AUTH_URL` has the word AUTH).
/// docs/deploy.md has the table of names tried. Secret values are never written into ECS or
/// Kubernetes files: those reference them (SSM parameters, a Kubernetes Secret) instead.
enum SecretKeys {
    /// Secret wherever they occur in the name.
    static let substrings = ["SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "TOKEN", "CREDENTIAL", "PRIVATE"]
    /// Secret as a whole word of the name.
    static let wholeWords: Set<String> = ["PASS", "PWD", "AUTH", "AUTHORIZATION", "DSN", "SALT", "CERT", "CERTS", "KEY", "KEYS"]

    static func isSecret(_ key: String, value: String, marked: [String], public: [String]) -> Bool {
        if marked.contains(key) { return true }
        if `public`.contains(key) { return false }
        return nameIsSecret(key) || hasURLPassword(value)
    }

    /// The name rule alone (see the type's documentation).
    static func nameIsSecret(_ key: String) -> Bool {
        let upper = key.uppercased()
        if substrings.contains(where: { upper.contains($0) }) { return true }
        if upper == "PWD" { return false }
        return words(of: key).contains { word in
            wholeWords.contains(word) || word.hasPrefix("CERTIFICATE") || word.hasSuffix("KEY")
        }
    }

    /// The upper-cased words of a key: split at `_`, `.`, `-` and where a lower-case letter is
    /// followed by an upper-case one.
    static func words(of key: String) -> [String] {
        var result: [String] = []
        var current = ""
        var previousIsLower = false
        for character in key {
            if character == "_" || character == "." || character == "-" {
                if !current.isEmpty { result.append(current.uppercased()) }
                current = ""
                previousIsLower = false
                continue
            }
            if character.isUppercase && previousIsLower {
                result.append(current.uppercased())
                current = ""
            }
            current.append(character)
            previousIsLower = character.isLowercase
        }
        if !current.isEmpty { result.append(current.uppercased()) }
        return result
    }

    /// True for `scheme://user:password@host...` with a non-empty password: the userinfo is the
    /// authority (after `://`, up to `/`, `?` or `#`) before its last `@`.
    static func hasURLPassword(_ value: String) -> Bool {
        guard let separator = value.firstRange(of: "://") else { return false }
        let scheme = value[..<separator.lowerBound]
        guard let first = scheme.first, first.isLetter,
            scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." })
        else { return false }
        let rest = value[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return false }
        let userinfo = authority[..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return false }
        return userinfo.index(after: colon) < userinfo.endIndex
    }
}
