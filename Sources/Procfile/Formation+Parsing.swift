extension Formation {
    /// Parses a formation such as `web=2, worker=1` or `all=2,worker=0`.
    ///
    /// `all=N` sets the count of every type without its own entry, wherever it appears;
    /// `name=0` disables a type; types not mentioned run once unless `all` is given.
    /// (`all` is always this keyword, even if a process type is called `all`.)
    ///
    /// - Parameters:
    ///   - spec: Comma-separated `name=count` entries; whitespace around items is ignored.
    ///   - knownTypes: The Procfile's process type names, listed in unknown-name messages.
    ///   - source: The name used in diagnostics (e.g. `--formation` or `FORMATION`).
    /// - Throws: ``ProcfileError`` listing every empty spec or entry, missing `=`, unknown or
    ///   duplicate name and invalid count (one too large for `Int` included), with its column.
    ///   Counts that parse are not bounded here: ``InstancePlan/limitProblems(procfile:counts:basePort:)``
    ///   checks them against the ports and ``InstancePlan/maximumInstances``.
    public static func parse(
        _ spec: String, knownTypes: [String], source: String = "--formation"
    ) throws(ProcfileError) -> Formation {
        let scalars = Array(spec.unicodeScalars)
        var diagnostics: [Diagnostic] = []
        func report(_ code: Diagnostic.Code, _ index: Int, _ message: String) {
            diagnostics.append(Diagnostic(code: code, file: source, line: 1, column: index + 1, message: message))
        }
        guard !scalars.blankTrimmedRange(0..<scalars.count).isEmpty else {
            report(.invalidFormation, 0, "empty formation; give counts such as 'web=2,worker=1' or 'all=1'")
            throw ProcfileError(diagnostics: diagnostics)
        }

        var defaultCount = 1
        var counts: [String: Int] = [:]
        var firstColumn: [String: Int] = [:]
        var itemStart = 0
        while itemStart <= scalars.count {
            let itemEnd = scalars[itemStart...].firstIndex(of: ",") ?? scalars.count
            defer { itemStart = itemEnd + 1 }
            let item = scalars.blankTrimmedRange(itemStart..<itemEnd)
            guard !item.isEmpty else {
                report(.invalidFormation, item.lowerBound,
                       "empty entry in formation; remove the extra ',' or add 'name=count'")
                continue
            }
            guard let equals = scalars[item].firstIndex(of: "=") else {
                let text = String(scalars: scalars[item])
                report(.invalidFormation, item.lowerBound,
                       "missing '=' in formation entry '\(text)'; write it as '\(text)=1'")
                continue
            }
            let nameRange = scalars.blankTrimmedRange(item.lowerBound..<equals)
            let countRange = scalars.blankTrimmedRange((equals + 1)..<item.upperBound)
            let name = String(scalars: scalars[nameRange])
            let countText = String(scalars: scalars[countRange])
            if nameRange.isEmpty {
                report(.invalidFormation, item.lowerBound,
                       "missing process type name before '=' in formation; write 'name=count'")
                continue
            }
            if name != "all", !knownTypes.contains(name) {
                let known = knownTypes.isEmpty ? "(none)" : knownTypes.joined(separator: ", ")
                report(.unknownProcessType, nameRange.lowerBound,
                       "unknown process type '\(name)' in formation; known types: \(known)")
                continue
            }
            if let first = firstColumn[name] {
                report(.duplicateName, nameRange.lowerBound,
                       "duplicate entry for '\(name)' in formation (first at column \(first)); keep only one")
                continue
            }
            firstColumn[name] = nameRange.lowerBound + 1
            guard !countRange.isEmpty, countText.unicodeScalars.allSatisfy(\.isASCIIDigit) else {
                report(.invalidCount, countRange.isEmpty ? equals + 1 : countRange.lowerBound,
                       "invalid count '\(countText)' for '\(name)' in formation; use a whole number 0 or greater")
                continue
            }
            guard let count = Int(countText) else {
                // Digits only, but more than Int holds: never a count a formation could run.
                let shown = countText.count > 24 ? "\(countText.prefix(24))... (\(countText.count) digits)" : countText
                report(.invalidCount, countRange.lowerBound,
                       "count \(shown) for '\(name)' in formation is too large; a formation runs at most \(InstancePlan.maximumInstances) instances")
                continue
            }
            if name == "all" { defaultCount = count } else { counts[name] = count }
        }
        guard diagnostics.isEmpty else { throw ProcfileError(diagnostics: diagnostics) }
        return Formation(defaultCount: defaultCount, counts: counts)
    }
}
