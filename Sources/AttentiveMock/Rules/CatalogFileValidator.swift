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
    }

    public static let maximumLines = 500_000
    public static let maximumLineBytes = 4 * 1024 * 1024
    public static let maximumErrorsPerType = 10

    /// Validates the whole file.
    public static func validate(_ data: Data) -> Report {
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
            let problems = CatalogProductRules.problems(in: product)
            for problem in problems {
                note(problem.type, problem.message, line: number)
            }
            if problems.isEmpty { report.productsProcessed += 1 }
        }
        return report
    }
}

/// Attentive's field limits for one catalog product.
enum CatalogProductRules {
    static func problems(in product: JSONValue) -> [(type: String, message: String)] {
        var problems: [(type: String, message: String)] = []
        for field in ["id", "name"] {
            guard let value = product[field]?.stringValue, !value.isEmpty else {
                problems.append(("MISSING_FIELD", "\(field) is required"))
                continue
            }
            if value.count > 256 { problems.append(("FIELD_TOO_LONG", "\(field) is longer than 256 characters")) }
        }
        if let description = product["description"]?.stringValue, description.count > 1024 {
            problems.append(("FIELD_TOO_LONG", "description is longer than 1024 characters"))
        }
        problems += linkProblems(product["link"], field: "link")
        let listLimits = [("categories", 10), ("tags", 50), ("variants", 100), ("images", 250)]
        for (field, limit) in listLimits {
            if let count = product[field]?.arrayValue?.count, count > limit {
                problems.append(("TOO_MANY_VALUES", "\(field) has \(count) entries, at most \(limit) are allowed"))
            }
        }
        problems += attributeProblems(product["attributes"], field: "attributes")
        for (index, variant) in (product["variants"]?.arrayValue ?? []).enumerated() {
            for field in ["id", "name"] {
                if let value = variant[field]?.stringValue, value.count > 256 {
                    problems.append(("FIELD_TOO_LONG", "variants[\(index)].\(field) is longer than 256 characters"))
                }
            }
            problems += linkProblems(variant["link"], field: "variants[\(index)].link")
            problems += attributeProblems(variant["attributes"], field: "variants[\(index)].attributes")
        }
        return problems
    }

    private static func linkProblems(_ link: JSONValue?, field: String) -> [(type: String, message: String)] {
        guard let link = link?.stringValue else { return [] }
        if link.count > 2048 { return [("FIELD_TOO_LONG", "\(field) is longer than 2048 characters")] }
        let lowered = link.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            return [("INVALID_LINK", "\(field) must be an http(s) URL")]
        }
        return []
    }

    /// Attributes come as `[{name, value}]` or as an object; either way at most 100,
    /// with names of at most 64 characters.
    private static func attributeProblems(_ attributes: JSONValue?, field: String) -> [(type: String, message: String)] {
        let names: [String]
        switch attributes {
        case .array(let entries): names = entries.compactMap { $0["name"]?.stringValue }
        case .object(let members): names = Array(members.keys)
        default: return []
        }
        var problems: [(type: String, message: String)] = []
        if names.count > 100 {
            problems.append(("TOO_MANY_VALUES", "\(field) has \(names.count) entries, at most 100 are allowed"))
        }
        if let long = names.first(where: { $0.count > 64 }) {
            problems.append(("FIELD_TOO_LONG", "\(field) name '\(long.prefix(20))…' is longer than 64 characters"))
        }
        return problems
    }
}
