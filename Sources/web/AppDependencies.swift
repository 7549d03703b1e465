import AppCore
import Shared

/// What the routes use: the store and the cached dynamic config.
struct AppDependencies: Sendable {
    /// The backing store.
    let store: any ItemStore
    /// The dynamic config (the table name).
    let config: DynamicConfig
}
