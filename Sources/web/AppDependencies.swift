import AppCore
import Shared

/// What the routes use: the store's coalescing reader and the cached dynamic config.
struct AppDependencies: Sendable {
    /// The backing store.
    var store: any ItemStore { reads.store }
    /// The store's reads for `/hello`: shared, kept for `ITEM_CACHE_TTL`, bounded by `STORE_MAX_INFLIGHT`.
    let reads: CoalescingReader
    /// The dynamic config (the table name).
    let config: DynamicConfig
    /// The last `/hello` page, served again while its item stays the same.
    let helloPages = HelloPageMemo()

    /// The dependencies of `store` and `config`, read as `settings` say.
    init(store: any ItemStore, config: DynamicConfig, settings: WebSettings = WebSettings(host: "127.0.0.1", port: 0)) {
        reads = CoalescingReader(store: store, maxWaiting: settings.storeMaxInflight, cacheTTL: settings.itemCacheTTL)
        self.config = config
    }
}
