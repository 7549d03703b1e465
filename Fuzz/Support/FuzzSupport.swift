// Shared by every fuzz target (compiled into each one by Fuzz/build.sh).

/// Checks a property of the parser under test. A violation prints what was wrong and traps,
/// which libFuzzer reports as a crash and saves as `crash-<sha1>` in the artifact directory.
func require(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() {
        fatalError("fuzz property violated: \(message())", file: file, line: line)
    }
}

/// The fuzz input as bytes (`data` may be null when `size` is 0).
func inputBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(UnsafeBufferPointer(start: data, count: size))
}

/// The fuzz input decoded as UTF-8, invalid sequences replaced by U+FFFD (as a file read with
/// `String(decoding:as:)` would be).
func inputText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> String {
    String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
}
