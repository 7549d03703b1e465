/// The fixed `MESSAGE_ID` of each kind of supervisor event, so `journalctl MESSAGE_ID=...`
/// finds, say, every crash of every formation. Generated once; never change them.
enum JournalMessageID {
    static let spawned = "b93c18afe31d44c6a9f65f4adfcb649f"
    static let spawnFailed = "6ecfc183199745e781f200d7b2c68ef5"
    static let exited = "55b71f2c99ae4a98bd1aac170bf0e985"
    static let stopping = "af3a1f8e8b1345a7bb6521f8f8ecb31b"
    static let killing = "5b365a69e39842ca84665a31c98a96b1"
    static let forwarded = "bd4587b40598488f882ab8bea31e644a"
    static let restarting = "d58f59e566414e73b41ac52d9ec05842"
    static let gaveUp = "5c73a96091a94b7eaf9155cb4b953e5e"
    static let warning = "2f2efa0d5a364c86af26b8c0b4e861e5"
    static let request = "fc361486431244109469e7cfab341b2f"
    static let ready = "98e3fa48ee694db7ab7d9faa5d992bba"
    static let notReady = "d0a8d10a92ed42b1a8c32fb83a460e73"
    static let replaced = "6178b1590151475090fbbc4b1a720d72"
    static let rollAborted = "eb5a171fb7364e61954c94ce52c06139"
    static let formationReady = "ab05ab90029444beb99b28abb036e949"
    static let waiting = "5303d877d7594b798c558baa50656515"
    static let dependencyFailed = "293fdb663c63437b8fa55afb6e37ccd7"
    static let overMemory = "87afb4fa41d34c52bfca3fe560d0e513"
    static let checkFailed = "4231a22ec01248f6a428d93ce736f7eb"
    static let jobSkipped = "ffa1822f9f2e4141873afde34bf3ed0f"
}
