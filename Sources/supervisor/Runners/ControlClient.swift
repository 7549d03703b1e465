/// One connection to the control socket: what it sent that is not a whole line yet, what is
/// waiting to be written to it, and the instances it follows (`logs -f`).
final class ControlClient {
    let fd: Int32
    let peer: PeerCredentials
    var input: [UInt8] = []
    var output: [UInt8] = []
    /// The instances whose new lines it gets; nil when it does not follow.
    var following: Set<String>?
    /// `logs -f` without targets: every instance, also those a later `scale` adds.
    var followingAll = false
    /// Close once `output` is written (a reply that ends the conversation).
    var closeWhenWritten = false

    init(fd: Int32, peer: PeerCredentials) {
        self.fd = fd
        self.peer = peer
    }
}
