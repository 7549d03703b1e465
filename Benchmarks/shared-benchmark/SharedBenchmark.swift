import AsyncHTTPClient
import Foundation
import Shared

/// Issue 3's figures for our side (`Benchmarks/shared.sh` runs it beside botocore and boto3):
/// SigV4 signatures per second, and GetItem round trips per second against a DynamoDB endpoint.
///
///     shared-benchmark [--signatures N] [--endpoint URL --round-trips N]
///
/// Prints one JSON object: `signatures_per_second`, and with `--endpoint` also
/// `round_trips_per_second` and `table` (a new table holding `{"pk": "bench", "sk": 1}`, for
/// the boto3 side to read the same item).
@main
struct SharedBenchmark {
    static let credentials = AWSCredentials(accessKeyID: "AKIDMOTOTESTING00001", secretAccessKey: "motoSecretKeyForTests/abcdefghijklmnopqrst")

    static func main() async {
        do {
            let options = try BenchmarkOptions.parse(Array(CommandLine.arguments.dropFirst()))
            var result: [String: String] = ["signatures_per_second": String(format: "%.0f", signaturesPerSecond(options.signatures))]
            if let endpoint = options.endpoint {
                let (table, rate) = try await roundTripsPerSecond(endpoint: endpoint, count: options.roundTrips)
                result["table"] = "\"\(table)\""
                result["round_trips_per_second"] = String(format: "%.1f", rate)
            }
            print("{" + result.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}")
        } catch {
            FileHandle.standardError.write(Data("shared-benchmark: \(error)\n".utf8))
            exit(1)
        }
    }

    /// The same DynamoDB GetItem request as Peers/botocore_sign.py signs, signed `count` times
    /// with the key cache a sender keeps, each with the current time.
    static func signaturesPerSecond(_ count: Int) -> Double {
        let signer = SigV4Signer(region: "us-east-1", service: "dynamodb")
        let body = Array(#"{"TableName":"formation","Key":{"pk":{"S":"hello"},"sk":{"N":"1"}}}"#.utf8)
        let headers = [
            SigV4Request.Header(name: "Content-Type", value: "application/x-amz-json-1.0"),
            SigV4Request.Header(name: "X-Amz-Target", value: "DynamoDB_20120810.GetItem"),
            SigV4Request.Header(name: "Host", value: "dynamodb.us-east-1.amazonaws.com"),
        ]
        let keyCache = SigV4SigningKeyCache()
        var checksum = 0
        let elapsed = ContinuousClock().measure {
            for _ in 0..<count {
                let request = SigV4Request(method: "POST", path: "/", headers: headers, body: body)
                checksum &+= signer.sign(request, credentials: credentials, date: Date(), keyCache: keyCache).signature.utf8.count
            }
        }
        precondition(checksum == count * 64, "every signature is 64 hex digits")
        return Double(count) / elapsed.seconds
    }

    /// Creates a table with one item, then reads it `count` times, one request after another.
    static func roundTripsPerSecond(endpoint: String, count: Int) async throws -> (String, Double) {
        let client = try DynamoDBClient(
            region: "us-east-1", endpoint: endpoint, credentials: StaticCredentialsProvider(credentials), httpClient: HTTPClient.shared)
        let table = "bench-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await client.createTable(CreateTableInput(
            tableName: table,
            keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
            attributeDefinitions: [AttributeDefinition("pk", .s), AttributeDefinition("sk", .n)]))
        try await client.waitUntilActive(table, poll: .milliseconds(100))
        _ = try await client.putItem(PutItemInput(tableName: table, item: ["pk": "bench", "sk": 1, "v": "value"]))
        _ = try await client.getItem(tableName: table, key: ["pk": "bench", "sk": 1])   // warm the connection
        let elapsed = try await ContinuousClock().measure {
            for _ in 0..<count {
                guard try await client.getItem(tableName: table, key: ["pk": "bench", "sk": 1]) != nil else {
                    throw BenchmarkOptions.Problem("GetItem found no item in \(table) at \(endpoint)")
                }
            }
        }
        return (table, Double(count) / elapsed.seconds)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
