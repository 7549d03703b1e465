import GRDBSQLite
#if canImport(Glibc)
import Glibc
#endif
import Shared

/// One read-only SQLite connection with the GetItem statement prepared on it.
///
/// It keeps the last item it decoded with its stored bytes: `/hello` reads the same item on every
/// request, and comparing the bytes SQLite returns with the kept ones costs less than parsing
/// them again. The read itself happens every time, so a changed item is seen at once.
// @unchecked Sendable: used by one thread at a time, which SQLite's multi-thread mode
// (SQLITE_OPEN_NOMUTEX) allows: ItemReader hands it to one caller and takes it back after. The
// kept item and bytes are touched only by that caller.
final class ItemReadConnection: @unchecked Sendable {
    private let connection: OpaquePointer
    private let statement: OpaquePointer
    /// The stored bytes of the last item read, and that item.
    private var lastBytes: [UInt8] = []
    private var lastItem: Item = [:]

    static let sql = "SELECT item FROM store_items WHERE table_name = ? AND item_key = ?"

    /// Opens `path` read-only, waiting up to `busyMilliseconds` for a lock (a WAL recovery).
    init(path: String, busyMilliseconds: Int32) throws(StoreError) {
        var handle: OpaquePointer?
        let opened = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard opened == SQLITE_OK, let handle else {
            let reason = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw StoreError(code: .unavailable, message: "cannot open \(path) for reading: \(reason)", store: "sqlite", operation: "GetItem")
        }
        sqlite3_busy_timeout(handle, busyMilliseconds)
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v3(handle, Self.sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil) == SQLITE_OK, let prepared else {
            let reason = String(cString: sqlite3_errmsg(handle))
            sqlite3_close_v2(handle)
            throw StoreError(code: .unavailable, message: "cannot prepare the item read on \(path): \(reason)", store: "sqlite", operation: "GetItem")
        }
        connection = handle
        statement = prepared
    }

    /// Whether `kept` holds the bytes of `read` (memcmp; empty never matches).
    private static func same(_ kept: [UInt8], _ read: UnsafeRawBufferPointer) -> Bool {
        guard kept.count == read.count, let readBase = read.baseAddress else { return false }
        return kept.withUnsafeBytes { keptBytes in
            guard let keptBase = keptBytes.baseAddress else { return false }
            return memcmp(keptBase, readBase, read.count) == 0
        }
    }

    deinit {
        sqlite3_finalize(statement)
        sqlite3_close_v2(connection)
    }

    /// The stored item under `key` in `table`, parsed straight from SQLite's bytes; nil if none.
    func item(table: String, key: String) throws(StoreError) -> Item? {
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        var table = table
        var key = key
        // SQLITE_STATIC (nil): the bound bytes stay valid until the reset above.
        let step = table.withUTF8 { tableBytes in
            key.withUTF8 { keyBytes in
                sqlite3_bind_text(statement, 1, tableBytes.baseAddress, Int32(tableBytes.count), nil)
                sqlite3_bind_text(statement, 2, keyBytes.baseAddress, Int32(keyBytes.count), nil)
                return sqlite3_step(statement)
            }
        }
        switch step {
        case SQLITE_DONE:
            return nil
        case SQLITE_ROW:
            let count = Int(sqlite3_column_bytes(statement, 0))
            let bytes = UnsafeRawBufferPointer(start: sqlite3_column_blob(statement, 0), count: count)
            if Self.same(lastBytes, bytes) { return lastItem }
            let item = try ItemCoding.decode(bytes, operation: "GetItem")
            lastBytes = Array(bytes)
            lastItem = item
            return item
        default:
            let reason = String(cString: sqlite3_errmsg(connection))
            let code: StoreError.Code = step == SQLITE_BUSY || step == SQLITE_LOCKED ? .unavailable : .failed
            throw StoreError(code: code, message: "reading an item failed: \(reason)", store: "sqlite", operation: "GetItem")
        }
    }
}
