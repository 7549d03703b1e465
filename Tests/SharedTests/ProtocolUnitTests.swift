import Foundation
import Shared
import Testing

/// Pure pieces: retries' classification and backoff, error parsing, timestamps, endpoints.
@Suite("protocol pieces")
struct ProtocolUnitTests {
    @Test("standard mode backoff is full jitter under min(base * 2^n, 20 s)")
    func backoff() {
        let top = RetryStrategy(random: { 0.999_999 })
        #expect(top.backoff(afterAttempt: 1) <= .seconds(1))
        #expect(top.backoff(afterAttempt: 1) > .milliseconds(999))
        #expect(top.backoff(afterAttempt: 3) > .milliseconds(3_999))
        #expect(top.backoff(afterAttempt: 10) <= .seconds(20))
        #expect(top.backoff(afterAttempt: 10) > .milliseconds(19_999))
        let bottom = RetryStrategy(random: { 0 })
        #expect(bottom.backoff(afterAttempt: 5) == .zero)
        let real = RetryStrategy()
        let samples = (0..<200).map { _ in real.backoff(afterAttempt: 2) }
        #expect(samples.allSatisfy { $0 >= .zero && $0 <= .seconds(2) })
        #expect(Set(samples.map { $0.components.attoseconds }).count > 100, "jittered, not fixed")
        #expect(RetryStrategy.standard.maxAttempts == 3)
    }

    @Test("only throttling, 5xx and connection errors are retryable")
    func retryable() {
        let strategy = RetryStrategy.standard
        func error(_ code: AWSError.Code, _ status: Int?) -> AWSError { AWSError(code: code, message: "", statusCode: status, service: "dynamodb", operation: "X") }
        #expect(strategy.isRetryable(error(.provisionedThroughputExceeded, 400)))
        #expect(strategy.isRetryable(error(.throttling, 400)))
        #expect(strategy.isRetryable(error(.requestLimitExceeded, 400)))
        #expect(strategy.isRetryable(error("Anything", 503)))
        #expect(strategy.isRetryable(error(.internalServerError, 500)))
        #expect(strategy.isRetryable(error(.timeout, nil)))
        #expect(strategy.isRetryable(error(.connectionFailed, nil)))
        #expect(!strategy.isRetryable(error(.validation, 400)))
        #expect(!strategy.isRetryable(error(.conditionalCheckFailed, 400)))
        #expect(!strategy.isRetryable(error(.signatureDoesNotMatch, 403)))
        #expect(!strategy.isRetryable(error(.resourceNotFound, 400)))
    }

    @Test("errors come from __type and message, the x-amzn-ErrorType header, or an XML body")
    func errorParsing() {
        let json = AWSErrorParser.parse(statusCode: 400, body: Array(#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#.utf8),
                                        errorTypeHeader: nil, requestID: "R1", service: "dynamodb", operation: "GetItem")
        #expect(json.code == .resourceNotFound)
        #expect(json.message == "Requested resource not found")
        #expect(json.description == "dynamodb GetItem: ResourceNotFoundException (HTTP 400): Requested resource not found [request id R1]")
        let header = AWSErrorParser.parse(statusCode: 400, body: Array(#"{"Message":"bad token"}"#.utf8),
                                          errorTypeHeader: "BadRequestException:http://internal.amazon.com/", requestID: nil, service: "appconfig", operation: "Get")
        #expect(header.code == .badRequest)
        #expect(header.message == "bad token")
        let xml = AWSErrorParser.parse(statusCode: 403, body: Array("<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>nope</Message></Error></ErrorResponse>".utf8),
                                       errorTypeHeader: nil, requestID: nil, service: "dynamodb", operation: "GetItem")
        #expect(xml.code == .signatureDoesNotMatch)
        let bare = AWSErrorParser.parse(statusCode: 502, body: [], errorTypeHeader: nil, requestID: nil, service: "dynamodb", operation: "GetItem")
        #expect(bare.code == .internalServerError)
    }

    @Test("SigV4 timestamps are UTC, across leap years and centuries", arguments: [
        (0.0, "19700101T000000Z"), (951_782_400.0, "20000229T000000Z"), (1_440_938_160.9, "20150830T123600Z"),
        (4_107_542_399.0, "21000228T235959Z"), (-86_400.0, "19691231T000000Z"), (253_402_300_800.0, "100000101T000000Z"),
    ])
    func timestamps(seconds: Double, expected: String) {
        let stamp = AWSTimestamp(Date(timeIntervalSince1970: seconds))
        #expect(stamp.amzDate == expected)
        #expect(stamp.dateStamp == String(expected.prefix(while: { $0 != "T" })))
    }

    @Test("the signing key cache gives the same signatures, and notices a changed secret or day")
    func signingKeyCache() {
        let signer = SigV4Signer(region: "us-east-1", service: "dynamodb")
        let request = SigV4Request(method: "POST", path: "/", headers: [SigV4Request.Header(name: "Host", value: "h")], body: Array("{}".utf8))
        let cache = SigV4SigningKeyCache()
        let first = AWSCredentials(accessKeyID: "AKIDCACHE", secretAccessKey: "one")
        let rotated = AWSCredentials(accessKeyID: "AKIDCACHE", secretAccessKey: "two")
        let day1 = Date(timeIntervalSince1970: 1_700_000_000)
        let day2 = day1.addingTimeInterval(86_400)
        for (credentials, date) in [(first, day1), (first, day1), (rotated, day1), (rotated, day2), (first, day2)] {
            #expect(signer.sign(request, credentials: credentials, date: date, keyCache: cache).signature
                    == signer.sign(request, credentials: credentials, date: date).signature)
        }
        #expect(!"\(signer.signingKey(credentials: first, dateStamp: "20231114"))".contains("one"))
    }

    @Test("endpoints: default AWS hostnames, and overrides with their signed Host")
    func endpoints() throws {
        #expect(AWSEndpoint.aws(service: "dynamodb", region: "eu-west-1").baseURL == "https://dynamodb.eu-west-1.amazonaws.com")
        #expect(AWSEndpoint.aws(service: "dynamodb", region: "cn-north-1").host == "dynamodb.cn-north-1.amazonaws.com.cn")
        let local = try #require(AWSEndpoint(url: "http://127.0.0.1:8000/"))
        #expect(local.host == "127.0.0.1:8000")
        #expect(local.basePath == "")
        #expect(try #require(AWSEndpoint(url: "https://example.com:443/base")).host == "example.com")
        #expect(AWSEndpoint(url: "localhost:8000") == nil)
    }
}
