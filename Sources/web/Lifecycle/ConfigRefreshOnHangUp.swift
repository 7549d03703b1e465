import Logging
import ServiceLifecycle
import Shared
import UnixSignals

/// SIGHUP re-reads the dynamic configuration, as `/refresh-config` does: what `systemctl reload`
/// (the systemd export's `ExecReload=`, through `supervisor run`, which forwards SIGHUP) and
/// `supervisor signal web HUP` ask of web. The outcome is one log line; a failure keeps the
/// last good document, as the endpoint's 502 does.
struct ConfigRefreshOnHangUp: Service {
    let config: DynamicConfig
    let logger: Logger

    func run() async throws {
        let hangUps = await UnixSignalsSequence(trapping: .sighup)
        try? await cancelWhenGracefulShutdown {
            for await _ in hangUps {
                switch await config.refresh() {
                case .changed(let version):
                    logger.info("SIGHUP: configuration refreshed", metadata: ["version": "\(version ?? "none")"])
                case .unchanged:
                    logger.info("SIGHUP: nothing to refresh")
                case .failed(let reason):
                    logger.error("SIGHUP: refreshing the configuration failed; the last good one stays", metadata: ["reason": "\(reason)"])
                }
            }
        }
    }
}
