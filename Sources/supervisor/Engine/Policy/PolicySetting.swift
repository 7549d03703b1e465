/// One setting of a `TypePolicy`, to name it in a `PolicyProblem`.
enum PolicySetting: String, CaseIterable, Sendable {
    case restart
    case stopSignal
    case gracePeriod
    case after
    case check
    case checkInterval
    case checkTimeout
    case checkFailures
    case checkDelay
    case memoryMax
    case schedule
}
