import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Signs and sends requests to one AWS service with retries and a per-request timeout; in
/// adaptive retry mode every attempt first waits for a token of the sender's
/// ``ClientRateLimiter``. It borrows the process's single `HTTPClient` (whose pool keeps the
/// connections to the endpoint alive); its owner shuts that down.
public struct AWSRequestSender: Sendable {
    /// The signing name of the service, such as `dynamodb`.
    public let service: String
    /// Where requests go.
    public let endpoint: AWSEndpoint
    /// The signer for the service and region.
    public let signer: SigV4Signer
    /// Where credentials come from.
    public let credentials: any AWSCredentialsProvider
    /// The retry policy.
    public let retry: RetryStrategy
    /// The timeout of each attempt.
    public let timeout: Duration
    /// The client-side rate limiter of adaptive mode, shared by every copy of this sender; nil
    /// in standard mode.
    public let rateLimiter: ClientRateLimiter?
    private let httpClient: HTTPClient
    private let logger: Logger
    private let keyCache = SigV4SigningKeyCache()

    /// Creates a sender.
    public init(
        service: String,
        region: String,
        endpoint: AWSEndpoint,
        credentials: any AWSCredentialsProvider,
        httpClient: HTTPClient,
        retry: RetryStrategy = .standard,
        timeout: Duration = .seconds(10),
        logger: Logger = Logger(label: "formation.aws")
    ) {
        self.service = service
        self.endpoint = endpoint
        self.signer = SigV4Signer(region: region, service: service)
        self.credentials = credentials
        self.retry = retry
        self.timeout = timeout
        self.rateLimiter = retry.mode == .adaptive ? ClientRateLimiter() : nil
        self.httpClient = httpClient
        self.logger = logger
    }

    /// A successful answer.
    public struct Response: Sendable {
        /// The HTTP status.
        public var status: Int
        /// The headers.
        public var headers: HTTPHeaders
        /// The body.
        public var body: [UInt8]
    }

    /// Sends a request, retrying per ``retry``; a 2xx answer is returned, anything else thrown.
    public func send(
        operation: String,
        method: String,
        path: String,
        query: [SigV4Request.QueryItem] = [],
        headers: [SigV4Request.Header],
        body: [UInt8]
    ) async throws(AWSError) -> Response {
        var attempt = 0
        while true {
            attempt += 1
            try await waitForToken(operation: operation, attempt: attempt)
            do {
                let response = try await sendOnce(operation: operation, method: method, path: path, query: query, headers: headers, body: body)
                rateLimiter?.record(throttled: false)
                return response
            } catch {
                rateLimiter?.record(throttled: retry.isThrottling(error))
                let error = error.withAttempts(attempt)
                guard attempt < retry.maxAttempts, retry.isRetryable(error), !Task.isCancelled else { throw error }
                let delay = retry.backoff(afterAttempt: attempt)
                logger.debug("retrying AWS request", metadata: [
                    "operation": "\(operation)", "code": "\(error.code)", "attempt": "\(attempt)", "delay": "\(delay)",
                ])
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw AWSError(code: .timeout, message: "cancelled while waiting to retry", service: service, operation: operation, attempts: attempt)
                }
            }
        }
    }

    /// In adaptive mode, waits until the rate limiter lets an attempt go.
    private func waitForToken(operation: String, attempt: Int) async throws(AWSError) {
        guard let rateLimiter else { return }
        do {
            try await rateLimiter.waitForToken()
        } catch {
            throw AWSError(code: .timeout, message: "cancelled while waiting for a send token", service: service, operation: operation, attempts: max(1, attempt - 1))
        }
    }

    private func sendOnce(
        operation: String,
        method: String,
        path: String,
        query: [SigV4Request.QueryItem],
        headers: [SigV4Request.Header],
        body: [UInt8]
    ) async throws(AWSError) -> Response {
        let creds: AWSCredentials
        do {
            creds = try await credentials.credentials()
        } catch {
            throw AWSError(code: .credentialsUnavailable, message: error.description, service: service, operation: operation)
        }
        let fullPath = endpoint.basePath + path
        var signedHeaders = headers
        signedHeaders.append(SigV4Request.Header(name: "Host", value: endpoint.host))
        let signature = signer.sign(
            SigV4Request(method: method, path: fullPath, query: query, headers: signedHeaders, body: body),
            credentials: creds,
            date: Date(),
            keyCache: keyCache
        )
        var url = endpoint.baseURL + path
        if !query.isEmpty {
            url += "?" + query.map { "\(URIEncoding.encode($0.name))=\(URIEncoding.encode($0.value))" }.joined(separator: "&")
        }
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for header in signedHeaders + signature.headers {
            request.headers.add(name: header.name, value: header.value)
        }
        if !body.isEmpty || method == "POST" || method == "PUT" {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        let responseBody: ByteBuffer
        do {
            response = try await httpClient.execute(request, timeout: TimeAmount(timeout))
            responseBody = try await response.body.collect(upTo: 64 << 20)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw AWSError(code: .timeout, message: "no answer within \(timeout)", service: service, operation: operation)
        } catch let error as HTTPClientError where error == .bodyLengthMismatch {
            throw AWSError(code: .connectionFailed, message: "the answer was cut short", service: service, operation: operation)
        } catch {
            throw AWSError(code: .connectionFailed, message: Self.describeTransport(error), service: service, operation: operation)
        }
        let status = Int(response.status.code)
        let bytes = Array(buffer: responseBody)
        let requestID = response.headers.first(name: "x-amzn-RequestId") ?? response.headers.first(name: "x-amz-request-id")
        guard (200..<300).contains(status) else {
            throw AWSErrorParser.parse(
                statusCode: status,
                body: bytes,
                errorTypeHeader: response.headers.first(name: "x-amzn-ErrorType"),
                requestID: requestID,
                service: service,
                operation: operation
            )
        }
        return Response(status: status, headers: response.headers, body: bytes)
    }

    /// A short, secret-free description of a transport error.
    static func describeTransport(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "HTTP client: \(error)" }
        if let error = error as? IOError { return "I/O: \(error.description)" }
        return "\(type(of: error))"
    }
}
