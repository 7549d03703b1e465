import Glibc
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

    @Test("web binds HOST:PORT itself: its address as ip:port (IPv6 in brackets); a port in use is the one line saying what to do")
    func bound() throws {
        let descriptor = try BoundSocket.bind(host: "127.0.0.1", port: 0)
        let acceptor = try SharedSocketAcceptor(descriptor: descriptor)
        let address = try #require(acceptor.localAddress)
        #expect(address.hasPrefix("127.0.0.1:"))
        let port = try #require(Int(address.dropFirst("127.0.0.1:".count)))
        let taken = #expect(throws: ListenError.self) { try BoundSocket.bind(host: "127.0.0.1", port: port) }
        #expect(taken?.errno == EADDRINUSE)
        let line = taken.map { ServerFailure.describe($0, listener: .bound(host: "127.0.0.1", port: port)) } ?? ""
        #expect(line.hasPrefix("cannot listen on 127.0.0.1:\(port): the port is in use by another process"), "\(line)")
        if let v6 = try? BoundSocket.bind(host: "::1", port: 0) {
            #expect(try SharedSocketAcceptor(descriptor: v6).localAddress?.hasPrefix("[::1]:") == true)
        }
        #expect(throws: ListenError.self) { try BoundSocket.bind(host: "no-such-host.invalid", port: 0) }
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
