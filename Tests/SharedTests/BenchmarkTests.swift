import AsyncHTTPClient
import Foundation
import Shared
import Testing

/// Figures, not a timed test: signing rate of our signer against botocore's, and GetItem round
/// trips per second against the same moto server from our client and from boto3. Runs only with
/// `FORMATION_BENCHMARK=1` (best with `-c release`); prints a table.
@Suite("benchmark", .enabled(if: ProcessInfo.processInfo.environment["FORMATION_BENCHMARK"] == "1", "set FORMATION_BENCHMARK=1 to run the benchmark"))
struct BenchmarkTests {
    struct Rate: Decodable {
        var count: Int
        var seconds: Double
        var per_second: Double
    }

    static func python(_ arguments: [String]) throws -> Rate {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode(Rate.self, from: data)
    }

    @Test("signing and GetItem round trips, side by side")
    func sideBySide() async throws {
        // Signing: the same DynamoDB GetItem request as the botocore script signs.
        let signer = SigV4Signer(region: "us-east-1", service: "dynamodb")
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        let body = Array(#"{"TableName":"formation","Key":{"pk":{"S":"hello"},"sk":{"N":"1"}}}"#.utf8)
        let headers = [
            SigV4Request.Header(name: "Content-Type", value: "application/x-amz-json-1.0"),
            SigV4Request.Header(name: "X-Amz-Target", value: "DynamoDB_20120810.GetItem"),
            SigV4Request.Header(name: "Host", value: "dynamodb.us-east-1.amazonaws.com"),
        ]
        let signCount = 100_000
        let keyCache = SigV4SigningKeyCache()   // as AWSRequestSender keeps one
        var checksum = 0
        let clock = ContinuousClock()
        let signElapsed = clock.measure {
            for _ in 0..<signCount {
                let request = SigV4Request(method: "POST", path: "/", headers: headers, body: body)
                checksum &+= signer.sign(request, credentials: credentials, date: Date(), keyCache: keyCache).signature.utf8.count
            }
        }
        #expect(checksum == signCount * 64)
        let oursSigning = Double(signCount) / Self.seconds(signElapsed)
        let botocoreSigning = try Self.python([TestPaths.peers.appendingPathComponent("botocore_sign.py").path, "--bench", "20000"])

        // GetItem round trips against one moto server.
        let roundTrips = 1_000
        let (ours, boto3) = try await Moto.withServer { client, moto in
            let table = Moto.uniqueName("bench")
            try await Moto.createTable(client, table)
            try await client.putItem(PutItemInput(tableName: table, item: ["pk": "bench", "sk": 1, "v": "value"]))
            _ = try await client.getItem(tableName: table, key: ["pk": "bench", "sk": 1])
            let elapsed = try await clock.measure {
                for _ in 0..<roundTrips {
                    let item = try await client.getItem(tableName: table, key: ["pk": "bench", "sk": 1])
                    precondition(item != nil, "the benchmark item exists")
                }
            }
            let boto3 = try Self.python([TestPaths.peers.appendingPathComponent("boto3_getitem_bench.py").path, moto.baseURL, table, String(roundTrips)])
            return (Double(roundTrips) / Self.seconds(elapsed), boto3.per_second)
        }

        let report = """

        | benchmark                              | ours          | botocore/boto3 | ratio |
        | -------------------------------------- | ------------- | -------------- | ----- |
        | SigV4 signatures per second            | \(Self.format(oursSigning)) | \(Self.format(botocoreSigning.per_second)) | \(String(format: "%.1fx", oursSigning / botocoreSigning.per_second)) |
        | GetItem round trips per second (moto)  | \(Self.format(ours)) | \(Self.format(boto3)) | \(String(format: "%.2fx", ours / boto3)) |

        """
        print(report)
        #expect(oursSigning > 0 && ours > 0)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func format(_ value: Double) -> String {
        String(format: "%13.0f", value)
    }
}
