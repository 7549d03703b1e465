// libFuzzer target for the control protocol (Sources/ControlProtocol), fed the raw bytes.
//
// Properties, for any bytes:
// - JSONValue.parse, ControlRequest(jsonLine:) and ControlReply(jsonLine:) never trap (nesting
//   is bounded by maxDepth, kept on a heap stack);
// - every ControlProtocolError is one line, names its subject ("invalid JSON", "invalid
//   request", ...), has an offset within 0...count or a field (or is about the whole value: not an object), and gives a hint in parentheses;
// - an accepted value came from valid UTF-8, is nested at most maxDepth (32) deep, parses with
//   maxDepth equal to its depth and is refused as too deep with one less; its serialization is
//   one line, parses back to an equal value and serializes again to the same text;
// - a request is refused with the JSON parser's error when the bytes are not JSON; an accepted
//   request keeps the protocol's bounds (targets, lines, signal) and its jsonLine (one line,
//   ending in "\n") reads back equal;
// - an accepted reply or status row (the value, or each element of its "instances") written
//   again reads back equal.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzControl(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    let parsed = Result { () throws(ControlProtocolError) -> JSONValue in try JSONValue.parse(bytes) }
    switch parsed {
    case .success(let value):
        require(String(validating: bytes, as: UTF8.self) != nil, "accepted bytes that are not UTF-8: \(value)")
        checkDepth(value, bytes)
        checkRoundTrip(value)
        checkStatusRows(value)
    case .failure(let error):
        checkError(error, subject: "JSON", count: bytes.count)
    }
    checkRequest(bytes, parsed: parsed)
    checkReply(bytes)
    return 0
}

private func checkError(_ error: ControlProtocolError, subject: String, count: Int) {
    let text = error.description
    require(!text.contains("\n") && !text.contains("\r"), "message spans lines: \(String(reflecting: text))")
    require(text.hasPrefix("invalid \(subject)"), "message does not name its subject \(subject): \(text)")
    require(text.hasSuffix(")") && !error.reason.isEmpty, "message without a reason or hint: \(text)")
    if let offset = error.offset {
        require(offset >= 0 && offset <= count, "offset \(offset) outside 0...\(count): \(text)")
    } else {
        // Only "not an object" is about the whole value, with neither.
        // (A field may be named "", a valid JSON key.)
        require(error.field != nil || error.code == .notAnObject, "neither an offset nor a field: \(text)")
    }
}

/// The number of nested arrays and objects (0 for a scalar).
private func depth(of value: JSONValue) -> Int {
    switch value {
    case .array(let elements): 1 + (elements.map(depth(of:)).max() ?? 0)
    case .object(let members): 1 + (members.map { depth(of: $0.1) }.max() ?? 0)
    default: 0
    }
}

private func checkDepth(_ value: JSONValue, _ bytes: UnsafeRawBufferPointer) {
    let levels = depth(of: value)
    require(levels <= 32, "accepted \(levels) levels, more than maxDepth 32")
    do {
        let again = try JSONValue.parse(bytes, maxDepth: levels)
        require(again == value, "maxDepth \(levels) reads a different value")
    } catch {
        require(false, "refused with maxDepth equal to its depth \(levels): \(error)")
    }
    guard levels > 0 else { return }
    do {
        _ = try JSONValue.parse(bytes, maxDepth: levels - 1)
        require(false, "accepted \(levels) levels with maxDepth \(levels - 1)")
    } catch {
        require(error.code == .tooDeep, "maxDepth \(levels - 1) of a \(levels)-level value: \(error)")
    }
}

private func checkRoundTrip(_ value: JSONValue) {
    let text = value.serialized
    require(!text.contains("\n"), "serialization spans lines: \(text)")
    do {
        let again = try JSONValue.parse(text)
        require(again == value, "round trip changed the value: \(value) -> \(again)")
        require(again.serialized == text, "serialization not stable: \(text) -> \(again.serialized)")
    } catch {
        require(false, "serialization \(text) does not parse: \(error)")
    }
}

private func checkRequest(_ bytes: UnsafeRawBufferPointer, parsed: Result<JSONValue, ControlProtocolError>) {
    let request: ControlRequest
    do {
        request = try ControlRequest(jsonLine: bytes)
    } catch {
        checkError(error, subject: "request", count: bytes.count)
        if case .failure(let jsonError) = parsed {
            require(error.code == jsonError.code && error.offset == jsonError.offset && error.reason == jsonError.reason,
                    "request error \(error) is not the JSON error \(jsonError)")
        }
        return
    }
    require((try? parsed.get()) != nil, "request accepted from bytes that are not JSON: \(request)")
    checkBounds(request)
    let line = request.jsonLine
    require(line.hasSuffix("\n") && line.utf8.filter { $0 == 0x0A }.count == 1, "jsonLine is not one line: \(String(reflecting: line))")
    do {
        let again = try ControlRequest(jsonLine: line.utf8)
        require(again == request, "request round trip: \(request) -> \(line) -> \(again)")
    } catch {
        require(false, "jsonLine \(line) of \(request) does not read back: \(error)")
    }
}

private func checkBounds(_ request: ControlRequest) {
    var targets: [String] = []
    switch request {
    case .restart(let names), .stop(let names):
        require(!names.isEmpty, "\(request.command) without targets")
        targets = names
    case .signal(let names, let signal):
        require(!names.isEmpty && !signal.isEmpty && signal.utf8.count <= 32, "bad signal request \(request)")
        targets = names
    case .logs(let names, let lines, _):
        require((0...100_000).contains(lines), "lines \(lines) out of bounds")
        targets = names
    case .scale(let formation):
        require(!formation.isEmpty, "empty formation")
    case .status, .shutdown:
        break
    }
    require(targets.count <= 1_000, "\(targets.count) targets accepted")
    for target in targets {
        require(!target.isEmpty && target.utf8.count <= 256, "target out of bounds: \(String(reflecting: target))")
        require(!target.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "control character in \(String(reflecting: target))")
    }
}

private func checkReply(_ bytes: UnsafeRawBufferPointer) {
    let reply: ControlReply
    do {
        reply = try ControlReply(jsonLine: bytes)
    } catch {
        checkError(error, subject: "reply", count: bytes.count)
        return
    }
    require(reply.ok == (reply.error == nil), "ok \(reply.ok) with error \(String(describing: reply.error))")
    do {
        let again = try ControlReply(jsonLine: (reply.body.serialized + "\n").utf8)
        require(again == reply, "reply round trip: \(reply) -> \(again)")
    } catch {
        require(false, "reply \(reply.body) does not read back: \(error)")
    }
}

/// The value as a status row, and each element of its "instances" (a status reply's rows).
private func checkStatusRows(_ value: JSONValue) {
    for candidate in [value] + (value["instances"]?.arrayValue ?? []) {
        let row: InstanceStatus
        do {
            row = try InstanceStatus(json: candidate)
        } catch {
            checkError(error, subject: "status row", count: 0)
            continue
        }
        do {
            let again = try InstanceStatus(json: row.json)
            require(again == row, "status row round trip: \(row) -> \(row.json) -> \(again)")
        } catch {
            require(false, "status row \(row.json) does not read back: \(error)")
        }
    }
}
