// libFuzzer target for Formation.parse (Sources/Procfile/Formation+Parsing.swift).
//
// Input: the formation spec, e.g. `web=2,backup-job=0`. If the input holds a newline, the text
// before the first one lists extra known process types (separated by `,` or blanks; only valid
// process type names are kept, as a Procfile would give), and the rest is the spec.
//
// Properties:
// - parse never traps;
// - a ProcfileError has diagnostics naming the source, on line 1, at a column inside the spec
//   (1...scalar count + 1), in column order;
// - a Formation has counts >= 0, only for known types and never for `all`;
// - rendering it as `all=N,name=count,...` parses back to an equal Formation.

private let sourceName = "FORMATION.fuzz"
private let defaultKnownTypes = ["web", "worker", "clock", "backup-job"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormation(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = inputText(data, size)
    var knownTypes = defaultKnownTypes
    var spec = input
    if let newline = input.unicodeScalars.firstIndex(of: "\n") {
        let header = String(input.unicodeScalars[..<newline])
        spec = String(input.unicodeScalars[input.unicodeScalars.index(after: newline)...])
        for name in header.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }) {
            let scalars = name.unicodeScalars
            if !scalars.isEmpty, scalars.allSatisfy(isProcessNameScalar) { knownTypes.append(String(name)) }
        }
    }
    let specLength = spec.unicodeScalars.count
    let formation: Formation
    do {
        formation = try Formation.parse(spec, knownTypes: knownTypes, source: sourceName)
    } catch {
        checkDiagnostics(error, file: sourceName, columnsOrdered: true) {
            $0.line == 1 && $0.column >= 1 && $0.column <= specLength + 1
        }
        return 0
    }
    require(formation.defaultCount >= 0, "negative default count: \(formation)")
    for (name, count) in formation.counts {
        require(count >= 0, "negative count: \(formation)")
        require(name != "all", "'all' stored as a type: \(formation)")
        require(knownTypes.contains(name), "unknown type '\(name)' accepted: \(formation)")
        require(formation.count(for: name) == count, "count(for:) disagrees for \(name): \(formation)")
    }
    let rendered = (["all=\(formation.defaultCount)"] + formation.counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        .joined(separator: ",")
    do {
        let again = try Formation.parse(rendered, knownTypes: knownTypes, source: sourceName)
        require(again == formation, "round trip changed the formation: \(formation) -> \(rendered) -> \(again)")
    } catch {
        require(false, "rendered formation \(String(reflecting: rendered)) does not parse: \(error)")
    }
    return 0
}
