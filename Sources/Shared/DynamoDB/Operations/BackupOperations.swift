struct CreateBackupInput: Encodable, Sendable {
    var tableName: String
    var backupName: String
    enum CodingKeys: String, CodingKey { case tableName = "TableName", backupName = "BackupName" }
}

struct CreateBackupOutput: Decodable, Sendable {
    var backupDetails: BackupDetails
    enum CodingKeys: String, CodingKey { case backupDetails = "BackupDetails" }
}

struct BackupArnInput: Encodable, Sendable {
    var backupArn: String
    enum CodingKeys: String, CodingKey { case backupArn = "BackupArn" }
}

struct DescribeBackupOutput: Decodable, Sendable {
    struct Description: Decodable, Sendable {
        var backupDetails: BackupDetails
        enum CodingKeys: String, CodingKey { case backupDetails = "BackupDetails" }
    }
    var backupDescription: Description
    enum CodingKeys: String, CodingKey { case backupDescription = "BackupDescription" }
}

struct ListBackupsInput: Encodable, Sendable {
    var tableName: String?
    var limit: Int?
    var exclusiveStartBackupArn: String?
    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", limit = "Limit", exclusiveStartBackupArn = "ExclusiveStartBackupArn"
    }
}

struct ListBackupsOutput: Decodable, Sendable {
    var backupSummaries: [BackupSummary]?
    var lastEvaluatedBackupArn: String?
    enum CodingKeys: String, CodingKey {
        case backupSummaries = "BackupSummaries", lastEvaluatedBackupArn = "LastEvaluatedBackupArn"
    }
}

struct RestoreTableFromBackupInput: Encodable, Sendable {
    var targetTableName: String
    var backupArn: String
    enum CodingKeys: String, CodingKey { case targetTableName = "TargetTableName", backupArn = "BackupArn" }
}
