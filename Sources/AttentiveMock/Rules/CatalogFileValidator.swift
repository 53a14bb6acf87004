import Foundation

/// Checks a product catalog file (newline-delimited JSON, one product per line) against
/// Attentive's documented limits, and reports errors the way `CatalogUploadResponse`
/// does: at most 10 per error type.
public enum CatalogFileValidator {
    /// One problem in the file.
    public struct Problem: Sendable, Hashable {
        public var errorType: String
        public var errorMessage: String
        /// 1-based; 0 for the file as a whole.
        public var lineNum: Int
    }

    /// What validation found.
    public struct Report: Sendable, Hashable {
        /// Non-blank lines seen.
        public var productsReceived = 0
        /// Lines that passed.
        public var productsProcessed = 0
        /// Problems, at most ``maximumErrorsPerType`` of each type.
        public var errors: [Problem] = []
        /// Every line that is a JSON object, in file order, as received.
        public var products: [JSONValue] = []
    }

    public static let maximumLines = 500_000
    public static let maximumLineBytes = 4 * 1024 * 1024
    public static let maximumErrorsPerType = 10

    /// Validates the whole file. Products whose `id` is in `rejectedIDs` fail with
    /// `REJECTED_PRODUCT`: a test's stand-in for an error only Attentive can find.
    public static func validate(_ data: Data, rejecting rejectedIDs: Set<String> = []) -> Report {
        var report = Report()
        var counts: [String: Int] = [:]
        func note(_ type: String, _ message: String, line: Int) {
            counts[type, default: 0] += 1
            if counts[type, default: 0] <= maximumErrorsPerType {
                report.errors.append(Problem(errorType: type, errorMessage: message, lineNum: line))
            }
        }
        guard let text = String(data: data, encoding: .utf8) else {
            note("INVALID_ENCODING", "the file is not UTF-8", line: 0)
            return report
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count > maximumLines {
            note("TOO_MANY_LINES", "the file has more than \(maximumLines) lines", line: 0)
            return report
        }
        for (index, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            report.productsReceived += 1
            let number = index + 1
            guard line.utf8.count <= maximumLineBytes else {
                note("LINE_TOO_LONG", "line is longer than 4 MB", line: number)
                continue
            }
            guard let product = try? JSONValue(parsing: Data(line.utf8)), product.objectValue != nil else {
                note("INVALID_JSON", "line is not a JSON object", line: number)
                continue
            }
            report.products.append(product)
            var problems = CatalogProductRules.problems(in: product)
            if let id = product["id"]?.stringValue, rejectedIDs.contains(id) {
                problems.append(("REJECTED_PRODUCT", "product \(id) was rejected (attentive-mock --reject-product-id)"))
            }
            for problem in problems {
                note(problem.type, problem.message, line: number)
            }
            if problems.isEmpty { report.productsProcessed += 1 }
        }
        return report
    }
}
