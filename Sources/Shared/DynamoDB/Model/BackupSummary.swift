/// One backup in a ListBackups answer.
public struct BackupSummary: Codable, Sendable, Hashable {
    /// The backed-up table's name.
    public var tableName: String?
    /// The backup's ARN.
    public var backupArn: String
    /// Its name.
    public var backupName: String?
    /// Its status.
    public var backupStatus: String?
    /// When it was made, in seconds since 1970.
    public var backupCreationDateTime: Double?
    /// Its size.
    public var backupSizeBytes: Int?

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", backupArn = "BackupArn", backupName = "BackupName", backupStatus = "BackupStatus"
        case backupCreationDateTime = "BackupCreationDateTime", backupSizeBytes = "BackupSizeBytes"
    }
}
