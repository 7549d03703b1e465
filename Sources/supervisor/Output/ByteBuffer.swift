import Glibc

/// A growable byte buffer with memcpy appends: journald entries and an unfinished line are built
/// in it without an allocation per append.
struct ByteBuffer: ~Copyable {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 128 * 1024) {
        self.capacity = capacity
        guard let memory = malloc(capacity) else { preconditionFailure("out of memory allocating \(capacity) bytes") }
        base = memory
    }

    deinit { free(base) }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    mutating func append(byte: UInt8) {
        reserve(1)
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Empties the buffer; gives memory back after a burst of very long lines.
    mutating func clear(keepingUpTo limit: Int = 1 << 20) {
        count = 0
        if capacity > limit, let smaller = realloc(base, limit) {
            base = smaller
            capacity = limit
        }
    }

    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var grown = capacity * 2
        while grown < count + extra { grown *= 2 }
        guard let memory = realloc(base, grown) else { preconditionFailure("out of memory growing to \(grown) bytes") }
        base = memory
        capacity = grown
    }
}
