/// A backup, as CreateBackup and DescribeBackup tell it.
public struct BackupDetails: Codable, Sendable, Hashable {
    /// The backup's ARN, used to describe or restore it.
    public var backupArn: String
    /// Its name.
    public var backupName: String
    /// `CREATING`, `AVAILABLE` or `DELETED`.
    public var backupStatus: String?
    /// `USER`, `SYSTEM` or `AWS_BACKUP`.
    public var backupType: String?
    /// Its size.
    public var backupSizeBytes: Int?
    /// When it was made, in seconds since 1970.
    public var backupCreationDateTime: Double?

    enum CodingKeys: String, CodingKey {
        case backupArn = "BackupArn", backupName = "BackupName", backupStatus = "BackupStatus", backupType = "BackupType"
        case backupSizeBytes = "BackupSizeBytes", backupCreationDateTime = "BackupCreationDateTime"
    }
}
