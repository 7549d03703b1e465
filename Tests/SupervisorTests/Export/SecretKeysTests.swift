import Testing

@testable import supervisor

/// The export's secret rule, as a table: docs/deploy.md shows the same names and reasons.
@Suite("Secret keys")
struct SecretKeysTests {
    /// (key, secret?, why)
    static let names: [(String, Bool, String)] = [
        ("AWS_SECRET_ACCESS_KEY", true, "SECRET anywhere"),
        ("DATABASE_PASSWORD", true, "PASSWORD anywhere"),
        ("DBPASSWORD", true, "PASSWORD anywhere"),
        ("LDAP_PASSWD", true, "PASSWD anywhere"),
        ("GPG_PASSPHRASE", true, "PASSPHRASE anywhere"),
        ("api_token", true, "TOKEN anywhere, any case"),
        ("GITHUBTOKEN", true, "TOKEN anywhere"),
        ("GOOGLE_APPLICATION_CREDENTIALS", true, "CREDENTIAL anywhere"),
        ("PRIVATE_KEY_PEM", true, "PRIVATE anywhere"),
        ("DB_PASS", true, "the word PASS"),
        ("SMTP_PASS", true, "the word PASS"),
        ("dbPass", true, "the word PASS (camelCase)"),
        ("MYSQL_PWD", true, "the word PWD"),
        ("BASIC_AUTH", true, "the word AUTH"),
        ("AUTH_URL", true, "the word AUTH: a false match, --public fixes it"),
        ("HTTP_AUTHORIZATION", true, "the word AUTHORIZATION"),
        ("SENTRY_DSN", true, "the word DSN"),
        ("PASSWORD_SALT", true, "PASSWORD anywhere; the word SALT"),
        ("HASH_SALT", true, "the word SALT"),
        ("TLS_CERT", true, "the word CERT"),
        ("CLIENT_CERTIFICATE_PEM", true, "a word starting with CERTIFICATE"),
        ("API_KEY", true, "the word KEY"),
        ("APIKEY", true, "a word ending in KEY"),
        ("stripeApiKey", true, "the word KEY (camelCase)"),
        ("SSH_KEYS", true, "the word KEYS"),
        ("PRIMARY_KEY_NAME", true, "the word KEY: a false match, --public fixes it"),
        ("MONKEY_COUNT", true, "a word ending in KEY: a false match, --public fixes it"),
        ("DATABASE_URL", false, "no pattern (its value decides, below)"),
        ("PASSENGER_APP_ENV", false, "PASSENGER is not the word PASS"),
        ("COMPASS_HEADING", false, "COMPASS is not the word PASS"),
        ("BYPASS_CACHE", false, "BYPASS is not the word PASS"),
        ("FTP_PASSIVE", false, "PASSIVE is not the word PASS"),
        ("GIT_AUTHOR_NAME", false, "AUTHOR is not the word AUTH"),
        ("KEYBOARD_LAYOUT", false, "KEYBOARD neither is nor ends in KEY"),
        ("CASSANDRA_KEYSPACE", false, "KEYSPACE neither is nor ends in KEY"),
        ("PWD", false, "the shell's working directory"),
        ("OLDPWD", false, "not the word PWD"),
        ("CERTAINTY", false, "not a CERT word"),
        ("GREETING", false, "no pattern"),
    ]

    @Test("names", arguments: names)
    func name(key: String, secret: Bool, why: String) {
        #expect(SecretKeys.isSecret(key, value: "x", marked: [], public: []) == secret, "\(key): \(why)")
    }

    /// (value, secret?, why) for a key whose name is not secret.
    static let values: [(String, Bool, String)] = [
        ("postgres://u:p@host/db", true, "a password in the userinfo"),
        ("mongodb+srv://app:s3cr%40t@cluster0.example.net/?retryWrites=true", true, "a password, percent-encoded"),
        ("redis://:hunter2@cache:6379/0", true, "a password without a user"),
        ("amqp://guest:guest@localhost:5672/", true, "a password"),
        ("postgres://db/app", false, "no userinfo"),
        ("postgres://user@db/app", false, "a user without a password"),
        ("postgres://user:@db/app", false, "an empty password"),
        ("http://localhost:8080/path", false, "a port, no userinfo"),
        ("https://example.com/a@b:c", false, "'@' in the path, not the authority"),
        ("https://example.com/?next=u:p@x", false, "'@' in the query"),
        ("user:pass@host", false, "no scheme: not a URL"),
        ("hello world", false, "not a URL"),
    ]

    @Test("values", arguments: values)
    func value(value: String, secret: Bool, why: String) {
        #expect(SecretKeys.isSecret("DATABASE_URL", value: value, marked: [], public: []) == secret, "\(value): \(why)")
    }

    @Test("--secret and --public override the rules; --secret wins")
    func overrides() {
        #expect(SecretKeys.isSecret("GREETING", value: "hi", marked: ["GREETING"], public: []))
        #expect(!SecretKeys.isSecret("PRIMARY_KEY_NAME", value: "id", marked: [], public: ["PRIMARY_KEY_NAME"]))
        #expect(!SecretKeys.isSecret("DATABASE_URL", value: "postgres://u:p@h/d", marked: [], public: ["DATABASE_URL"]))
        #expect(SecretKeys.isSecret("API_KEY", value: "k", marked: ["API_KEY"], public: ["API_KEY"]))
    }

    @Test("words split at _ . - and lower-to-upper changes")
    func words() {
        #expect(SecretKeys.words(of: "stripeApiKey") == ["STRIPE", "API", "KEY"])
        #expect(SecretKeys.words(of: "a.b-c__D") == ["A", "B", "C", "D"])
        #expect(SecretKeys.words(of: "AUTH0_DOMAIN") == ["AUTH0", "DOMAIN"])
    }
}
