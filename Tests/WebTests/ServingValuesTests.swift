import NIOCore
import SystemdDaemon
import Testing
@testable import web

/// The pure parts of how web serves and what it tells the service manager.
@Suite("web: listener choice, addresses, dates and sd_notify messages")
struct ServingValuesTests {
    let settings = WebSettings(host: "0.0.0.0", port: 5000)

    @Test("the socket named web is chosen, else the first passed, else HOST:PORT is bound")
    func listener() {
        let web = ListenedSocket(descriptor: 4, name: "web")
        let other = ListenedSocket(descriptor: 3, name: "api")
        #expect(WebListener.choose(passed: [other, web], settings: settings) == .inherited(web))
        #expect(WebListener.choose(passed: [other], settings: settings) == .inherited(other))
        #expect(WebListener.choose(passed: [], settings: settings) == .bound(host: "0.0.0.0", port: 5000))
        #expect(WebListener.inherited(web).origin == "inherited socket" && WebListener.bound(host: "h", port: 1).origin == "bound")
    }

    @Test("addresses as ip:port, IPv6 in brackets")
    func addresses() throws {
        #expect(ServingAnnouncement.describe(try SocketAddress(ipAddress: "127.0.0.1", port: 5000)) == "127.0.0.1:5000")
        #expect(ServingAnnouncement.describe(try SocketAddress(ipAddress: "::1", port: 8080)) == "[::1]:8080")
        #expect(ServingAnnouncement.describe(nil) == "an unknown address")
    }

    @Test("the Date header in RFC 9110's format (its own example)")
    func date() {
        #expect(HTTPDate.format(secondsSince1970: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(secondsSince1970: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        // Cached for the second, and a new second is formatted anew.
        #expect(HTTPDate.now(secondsSince1970: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.now(secondsSince1970: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.now(secondsSince1970: 784_111_778) == "Sun, 06 Nov 1994 08:49:38 GMT")
    }

    @Test("sd_notify messages: KEY=VALUE lines, a value's newlines flattened so it cannot forge a key; watchdog at half the timeout")
    func notifyMessages() {
        #expect(SystemdNotifier.message(["READY": "1", "STATUS": "serving on 127.0.0.1:5000 (bound)"]) == "READY=1\nSTATUS=serving on 127.0.0.1:5000 (bound)")
        #expect(SystemdNotifier.message(["STATUS": "a\nSTOPPING=1"]) == "STATUS=a STOPPING=1")
        #expect(SystemdWatchdog.keepAliveInterval(timeout: 400_000) == .milliseconds(200))
        #expect(ListenedSocket.choose([], preferring: "web") == nil)
    }
}
