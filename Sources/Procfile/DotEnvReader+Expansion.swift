extension DotEnvReader {
    /// How deeply `${A:-${B:-...}}` defaults may nest. Each level copies the rest of the value
    /// and recurses, so without a limit a 30 KB value took 2 GB and a larger one the stack.
    static let maximumNesting = 32

    /// Expands `$NAME`, `${NAME}` and `${NAME:-default}` in a value (scalars marked literal are
    /// kept as they are). A `$` not followed by a name or `{` stays literal. Returns `nil` after
    /// reporting a malformed `${...}` or defaults nested deeper than ``maximumNesting``.
    mutating func expand(_ raw: [ValueScalar], key: String, nesting: Int = 0) -> String? {
        var output = String.UnicodeScalarView()
        var index = 0
        while index < raw.count {
            let current = raw[index]
            guard current.scalar == "$", !current.isLiteral, index + 1 < raw.count else {
                output.append(current.scalar)
                index += 1
                continue
            }
            let next = raw[index + 1]
            if next.scalar == "{", !next.isLiteral {
                guard let (value, end) = expandBraced(raw, dollar: index, key: key, nesting: nesting) else { return nil }
                output.append(contentsOf: value.unicodeScalars)
                index = end
            } else if next.scalar.isKeyStart {
                var end = index + 1
                while end < raw.count, raw[end].scalar.isBareReferenceCharacter { end += 1 }
                output.append(contentsOf: resolve(String(scalars: raw[(index + 1)..<end].map(\.scalar))).unicodeScalars)
                index = end
            } else {
                output.append(current.scalar)
                index += 1
            }
        }
        return String(output)
    }

    /// Expands the `${...}` starting at `dollar`; returns the value and the index after `}`.
    private mutating func expandBraced(_ raw: [ValueScalar], dollar: Int, key: String, nesting: Int) -> (String, Int)? {
        let start = raw[dollar]
        guard let close = matchingBrace(raw, after: dollar + 2) else {
            report(.invalidReference, line: start.line, column: start.column,
                   "unterminated '${' in the value of '\(key)'; close it with '}' "
                   + "or write a literal '$' as '\\$' (or use single quotes)")
            return nil
        }
        let inner = Array(raw[(dollar + 2)..<close])
        let separator = inner.indices.first { inner[$0].scalar == ":" && $0 + 1 < inner.count && inner[$0 + 1].scalar == "-" }
        let nameScalars = inner[..<(separator ?? inner.count)].map(\.scalar)
        let name = String(scalars: nameScalars)
        guard let first = nameScalars.first, first.isKeyStart, nameScalars.allSatisfy(\.isKeyCharacter) else {
            report(.invalidReference, line: start.line, column: start.column,
                   "invalid variable reference in the value of '\(key)'; use '${NAME}' or '${NAME:-default}' "
                   + "with NAME made of letters, digits, '_' and '.', or write a literal '$' as '\\$' (or use single quotes)")
            return nil
        }
        let value = resolve(name)
        guard let separator, value.isEmpty else { return (value, close + 1) }
        guard nesting < Self.maximumNesting else {
            report(.invalidReference, line: start.line, column: start.column,
                   "'${NAME:-default}' nested deeper than \(Self.maximumNesting) levels in the value of '\(key)'; "
                   + "simplify the default")
            return nil
        }
        guard let fallback = expand(Array(inner[(separator + 2)...]), key: key, nesting: nesting + 1) else { return nil }
        return (fallback, close + 1)
    }

    /// The index of the `}` closing a `${` whose contents start at `start`, counting nested `${`.
    private func matchingBrace(_ raw: [ValueScalar], after start: Int) -> Int? {
        var depth = 1
        var index = start
        while index < raw.count {
            let item = raw[index]
            if item.scalar == "$", !item.isLiteral, index + 1 < raw.count, raw[index + 1].scalar == "{" {
                depth += 1
                index += 2
                continue
            }
            if item.scalar == "}", !item.isLiteral {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return nil
    }

    /// The value of a referenced variable: the process environment, else an earlier key of this
    /// file, else an earlier file, else `""`.
    func resolve(_ name: String) -> String {
        environment[name] ?? values[name] ?? inherited[name] ?? ""
    }
}
