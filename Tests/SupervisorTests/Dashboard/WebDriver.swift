import AppTestSupport
import Foundation

/// A W3C WebDriver session with Debian's `chromedriver` driving headless `chromium`: just the
/// commands the dashboard's tests use, as JSON over HTTP.
final class WebDriver: @unchecked Sendable {
    // @unchecked: every stored property is set once in init; `Process` is thread-safe for
    // isRunning, kill and wait.
    let driver: Process
    let endpoint: String
    let session: String
    private let profile: URL

    /// The key WebDriver names an element reference with.
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    private init(driver: Process, endpoint: String, session: String, profile: URL) {
        self.driver = driver
        self.endpoint = endpoint
        self.session = session
        self.profile = profile
    }

    /// Starts chromedriver on a port of its choosing and a headless chromium session, with a
    /// fresh profile and the window `width` x `height`.
    static func start(width: Int = 1280, height: Int = 900) async throws -> WebDriver {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("formation-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        let log = profile.appendingPathComponent("chromedriver.log")
        let port = try FreePort.find()
        let driver = Process()
        driver.executableURL = URL(fileURLWithPath: Chromium.driverPath)
        driver.arguments = ["--port=\(port)", "--log-path=\(log.path)"]
        // chromium also writes outside its profile (dconf's `user` file into $XDG_RUNTIME_DIR,
        // else ~/.cache): its home and XDG directories are in the profile too, removed with it.
        var environment = ProcessInfo.processInfo.environment
        for (key, name) in [("HOME", "home"), ("XDG_RUNTIME_DIR", "runtime"), ("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config")] {
            let directory = profile.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            environment[key] = directory.path
        }
        driver.environment = environment
        driver.standardInput = FileHandle.nullDevice
        driver.standardOutput = FileHandle.nullDevice
        driver.standardError = FileHandle.nullDevice
        try driver.run()
        let endpoint = "http://127.0.0.1:\(port)"
        let deadline = Date().addingTimeInterval(15)
        while ((try? await call(endpoint, "GET", "/status")) as? [String: Any])?["ready"] as? Bool != true {
            guard Date() < deadline, driver.isRunning else {
                kill(driver.processIdentifier, SIGKILL)
                throw WebDriverError("chromedriver did not become ready on \(endpoint); its log: \(log.path)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": [
                        "binary": Chromium.browserPath,
                        "args": [
                            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--no-first-run", "--user-data-dir=\(profile.path)/profile", "--window-size=\(width),\(height)",
                        ],
                    ],
                ]
            ]
        ]
        do {
            let value = try await call(endpoint, "POST", "/session", capabilities)
            guard let session = (value as? [String: Any])?["sessionId"] as? String else {
                throw WebDriverError("chromedriver answered a new session without an id: \(String(describing: value))")
            }
            return WebDriver(driver: driver, endpoint: endpoint, session: session, profile: profile)
        } catch {
            kill(driver.processIdentifier, SIGKILL)
            throw error
        }
    }

    /// Ends the session and chromedriver (and so chromium), and removes the profile.
    func quit() async {
        _ = try? await command("DELETE", "")
        driver.terminate()
        let deadline = Date().addingTimeInterval(5)
        while driver.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if driver.isRunning { kill(driver.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: profile)
    }

    func navigate(_ url: String) async throws {
        _ = try await command("POST", "/url", ["url": url])
    }

    /// Runs `script` (a function body; `arguments[0]`... are `arguments`) in the page; its
    /// return value as JSON decodes it.
    func execute(_ script: String, _ arguments: [Any] = []) async throws -> Any? {
        try await command("POST", "/execute/sync", ["script": script, "args": arguments])
    }

    /// The first element matching a CSS selector.
    func element(_ selector: String) async throws -> String {
        let value = try await command("POST", "/element", ["using": "css selector", "value": selector])
        guard let id = (value as? [String: Any])?[Self.elementKey] as? String else {
            throw WebDriverError("no element reference for \(selector): \(String(describing: value))")
        }
        return id
    }

    /// A real click (the browser's pointer events), as a user's.
    func click(_ element: String) async throws {
        _ = try await command("POST", "/element/\(element)/click", [String: Any]())
    }

    /// Types `text` into an element, as a keyboard would.
    func type(_ text: String, into element: String) async throws {
        _ = try await command("POST", "/element/\(element)/value", ["text": text])
    }

    /// Presses and releases `key` (e.g. "\u{E007}", Enter) on the focused element.
    func press(_ key: String) async throws {
        let actions: [String: Any] = [
            "actions": [["type": "key", "id": "keyboard", "actions": [["type": "keyDown", "value": key], ["type": "keyUp", "value": key]]]]
        ]
        _ = try await command("POST", "/actions", actions)
    }

    /// The text of an open alert; nil when none is open.
    func alertText() async -> String? {
        (try? await command("GET", "/alert/text")) as? String
    }

    /// A PNG of the viewport.
    func screenshot() async throws -> Data {
        guard let base64 = try await command("GET", "/screenshot") as? String, let data = Data(base64Encoded: base64) else {
            throw WebDriverError("chromedriver's screenshot was not base64")
        }
        return data
    }

    func setWindowSize(width: Int, height: Int) async throws {
        _ = try await command("POST", "/window/rect", ["width": width, "height": height])
    }

    /// Polls `script` until it returns true; false after `seconds`.
    func waitUntil(_ script: String, seconds: Double = 10) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if try await execute(script) as? Bool == true { return true }
            try await Task.sleep(for: .milliseconds(50))
        } while Date() < deadline
        return try await execute(script) as? Bool == true
    }

    private func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        try await Self.call(endpoint, method, "/session/\(session)\(path)", body)
    }

    /// One WebDriver request; its `value`, or its error as a `WebDriverError`.
    private static func call(_ endpoint: String, _ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let answer = try await HTTPExchange.send(method, endpoint + path, headers: body == nil ? [:] : ["Content-Type": "application/json"], body: data)
        let object = try JSONSerialization.jsonObject(with: answer.body, options: [.fragmentsAllowed]) as? [String: Any]
        let value = object?["value"]
        if answer.status >= 400 {
            let error = (value as? [String: Any]).map { "\($0["error"] ?? ""): \($0["message"] ?? "")" } ?? "HTTP \(answer.status)"
            throw WebDriverError("WebDriver \(method) \(path) failed: \(error)")
        }
        return value is NSNull ? nil : value
    }
}
