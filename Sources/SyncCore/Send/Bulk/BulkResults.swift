import Foundation

/// A bulk job's results file, read defensively. Attentive documents it only as "a record of
/// each request and its corresponding response" in JSON Lines; the tool assumes one object per
/// line, `{"request": <record as submitted>, "response": {"statusCode": N, "message": "…"}}`
/// (SPEC). A line is matched to a record by the identifiers it was submitted with, not by its
/// place; a line without a status code is not understood, and a record without a line that
/// says it succeeded is never acknowledged.
enum BulkResults {
    enum Outcome: Sendable, Equatable {
        case succeeded
        case failed(String)
    }

    /// The outcome of each understood line, by the signature of its record (`BulkRecord.signature`),
    /// in file order.
    static func outcomes(in text: String) -> [String: [Outcome]] {
        var outcomes: [String: [Outcome]] = [:]
        // Split on the bytes: a results file holds a line per record, 10,000 for a members job.
        for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any],
                  let request = object["request"] as? [String: Any],
                  let response = object["response"] as? [String: Any],
                  let status = (response["statusCode"] as? NSNumber)?.intValue
            else { continue }
            // A user record names the person in `identifiers`; a segment member is its identifiers.
            let identifiers = request["identifiers"] as? [String: Any] ?? request
            let phone = identifiers["phone"] as? String, email = identifiers["email"] as? String
            guard phone != nil || email != nil else { continue }
            let outcome: Outcome = (200..<300).contains(status)
                ? .succeeded
                : .failed("\(status): \((response["message"] as? String).map { String($0.prefix(300)) } ?? "no message")")
            outcomes[BulkRecord.signature(phone: phone, email: email), default: []].append(outcome)
        }
        return outcomes
    }
}
