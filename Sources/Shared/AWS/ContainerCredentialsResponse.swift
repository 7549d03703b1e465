import Foundation

/// The JSON that the ECS (and EKS Pod Identity) container credentials endpoint answers.
public enum ContainerCredentialsResponse {
    private struct Body: Decodable {
        var AccessKeyId: String?
        var SecretAccessKey: String?
        var Token: String?
        var Expiration: String?
    }

    /// Parses the endpoint's answer. Errors never quote the body, which holds secrets.
    public static func parse(_ bytes: [UInt8]) throws(CredentialsError) -> AWSCredentials {
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: Data(bytes))
        } catch {
            throw CredentialsError(.invalidResponse, provider: "container", "the answer is not the expected JSON object (\(bytes.count) bytes)")
        }
        guard let keyID = body.AccessKeyId, !keyID.isEmpty, let secret = body.SecretAccessKey, !secret.isEmpty else {
            throw CredentialsError(.invalidResponse, provider: "container", "the answer lacks AccessKeyId or SecretAccessKey")
        }
        var expiration: Date?
        if let text = body.Expiration {
            guard let date = parseISO8601(text) else {
                throw CredentialsError(.invalidResponse, provider: "container", "Expiration is not an ISO 8601 time: \(text)")
            }
            expiration = date
        }
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: body.Token, expiration: expiration)
    }

    /// Parses `2026-11-26T15:00:00Z`, with or without fractional seconds.
    static func parseISO8601(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
