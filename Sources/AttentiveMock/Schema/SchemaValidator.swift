import Foundation

/// A small JSON Schema validator for the OpenAPI 3.0 schemas in the vendor's document.
///
/// Supported keywords: `$ref` (local JSON pointers), `type` (also as a list), `nullable`,
/// `enum`, `const`, `properties`, `required`, `additionalProperties` (boolean or schema),
/// `minProperties`, `maxProperties`, `items`, `minItems`, `maxItems`, `uniqueItems`,
/// `minLength`, `maxLength`, `pattern`, `minimum`, `maximum`, `format` (`date-time`,
/// `date`, `email`, `int32`, `int64`), `allOf`, `anyOf`, `oneOf`, `not`. Annotation
/// keywords (`description`, `example`, `default`, …) are ignored, as are unknown ones.
public struct SchemaValidator: Sendable {
    /// The document `$ref`s are resolved against.
    public let document: JSONValue

    public init(document: JSONValue) {
        self.document = document
    }

    /// Every violation of `schema` by `value`, in a stable order; empty when it conforms.
    public func violations(of value: JSONValue, against schema: JSONValue) -> [SchemaViolation] {
        var found: [SchemaViolation] = []
        check(value, against: schema, at: "$", into: &found, depth: 0)
        return found
    }

    /// Follows a local `$ref` such as `#/components/schemas/EventUser`.
    public func resolve(reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        var node = document
        for token in reference.dropFirst().split(separator: "/") {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch node {
            case .object(let members): guard let next = members[key] else { return nil }; node = next
            case .array(let elements): guard let index = Int(key), elements.indices.contains(index) else { return nil }; node = elements[index]
            default: return nil
            }
        }
        return node
    }

    // MARK: - Keywords

    /// Guards against a schema that refers to itself without consuming any of the value.
    private static let maximumDepth = 64

    private func check(_ value: JSONValue, against schema: JSONValue, at path: String, into found: inout [SchemaViolation], depth: Int) {
        guard depth < Self.maximumDepth else {
            found.append(SchemaViolation(path: path, reason: "schema nests too deeply"))
            return
        }
        if case .bool(let allowed) = schema {
            if !allowed { found.append(SchemaViolation(path: path, reason: "no value is allowed here")) }
            return
        }
        guard let keywords = schema.objectValue else { return }
        if let reference = keywords["$ref"]?.stringValue {
            guard let target = resolve(reference: reference) else {
                found.append(SchemaViolation(path: path, reason: "schema reference \(reference) does not resolve"))
                return
            }
            // OpenAPI 3.0: siblings of `$ref` are ignored.
            check(value, against: target, at: path, into: &found, depth: depth + 1)
            return
        }
        if value == .null, keywords["nullable"]?.boolValue == true { return }

        let before = found.count
        checkType(value, keywords, path, &found)
        guard found.count == before else { return }  // later keywords assume the type
        checkEnum(value, keywords, path, &found)
        checkComposition(value, keywords, path, &found, depth)
        switch value {
        case .object(let members): checkObject(members, keywords, path, &found, depth)
        case .array(let elements): checkArray(elements, keywords, path, &found, depth)
        case .string(let text): checkString(text, keywords, path, &found)
        case .number(let number): checkNumber(number, keywords, path, &found)
        case .null, .bool: break
        }
    }

    private func checkType(_ value: JSONValue, _ keywords: [String: JSONValue], _ path: String, _ found: inout [SchemaViolation]) {
        let expected: [String]
        switch keywords["type"] {
        case .string(let name): expected = [name]
        case .array(let names): expected = names.compactMap(\.stringValue)
        default: return
        }
        guard !expected.contains(where: { Self.value(value, isOfType: $0) }) else { return }
        found.append(SchemaViolation(path: path, reason: "expected \(expected.joined(separator: " or ")), got \(value.typeName)"))
    }

    private static func value(_ value: JSONValue, isOfType type: String) -> Bool {
        switch (type, value) {
        case ("integer", .number(let number)): number.rounded() == number
        default: type == value.typeName
        }
    }

    private func checkEnum(_ value: JSONValue, _ keywords: [String: JSONValue], _ path: String, _ found: inout [SchemaViolation]) {
        if let options = keywords["enum"]?.arrayValue, !options.contains(value) {
            let listed = options.map { $0.stringValue ?? $0.jsonText }
            found.append(SchemaViolation(path: path, reason: "must be one of \(listed.joined(separator: ", "))"))
        }
        if let constant = keywords["const"], constant != value {
            found.append(SchemaViolation(path: path, reason: "must be \(constant.jsonText)"))
        }
    }

    private func checkComposition(_ value: JSONValue, _ keywords: [String: JSONValue], _ path: String, _ found: inout [SchemaViolation], _ depth: Int) {
        for part in keywords["allOf"]?.arrayValue ?? [] {
            check(value, against: part, at: path, into: &found, depth: depth + 1)
        }
        if let parts = keywords["anyOf"]?.arrayValue, !parts.contains(where: { conforms(value, to: $0, depth) }) {
            found.append(SchemaViolation(path: path, reason: "matches none of the allowed shapes (anyOf)"))
        }
        if let parts = keywords["oneOf"]?.arrayValue {
            let matching = parts.filter { conforms(value, to: $0, depth) }.count
            if matching != 1 {
                found.append(SchemaViolation(path: path, reason: "must match exactly one allowed shape (oneOf), matches \(matching)"))
            }
        }
        if let excluded = keywords["not"], conforms(value, to: excluded, depth) {
            found.append(SchemaViolation(path: path, reason: "matches a shape that is not allowed (not)"))
        }
    }

    private func conforms(_ value: JSONValue, to schema: JSONValue, _ depth: Int) -> Bool {
        var found: [SchemaViolation] = []
        check(value, against: schema, at: "$", into: &found, depth: depth + 1)
        return found.isEmpty
    }

    private func checkObject(_ members: [String: JSONValue], _ keywords: [String: JSONValue], _ path: String, _ found: inout [SchemaViolation], _ depth: Int) {
        if let minimum = keywords["minProperties"]?.numberValue, Double(members.count) < minimum {
            found.append(SchemaViolation(path: path, reason: "must have at least \(Int(minimum)) \(Int(minimum) == 1 ? "property" : "properties")"))
        }
        if let maximum = keywords["maxProperties"]?.numberValue, Double(members.count) > maximum {
            found.append(SchemaViolation(path: path, reason: "must have at most \(Int(maximum)) properties"))
        }
        for name in keywords["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
            found.append(SchemaViolation(path: Self.path(path, member: name), reason: "is required"))
        }
        let declared = keywords["properties"]?.objectValue ?? [:]
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            let memberPath = Self.path(path, member: name)
            if let schema = declared[name] {
                check(member, against: schema, at: memberPath, into: &found, depth: depth + 1)
            } else if let extra = keywords["additionalProperties"] {
                if extra == .bool(false) {
                    let allowed = declared.keys.sorted().joined(separator: ", ")
                    found.append(SchemaViolation(path: memberPath, reason: "is not an allowed property (allowed: \(allowed))"))
                } else {
                    check(member, against: extra, at: memberPath, into: &found, depth: depth + 1)
                }
            }
        }
    }

    private func checkArray(_ elements: [JSONValue], _ keywords: [String: JSONValue], _ path: String, _ found: inout [SchemaViolation], _ depth: Int) {
        if let minimum = keywords["minItems"]?.numberValue, Double(elements.count) < minimum {
            found.append(SchemaViolation(path: path, reason: "must have at least \(Int(minimum)) items"))
        }
        if let maximum = keywords["maxItems"]?.numberValue, Double(elements.count) > maximum {
            found.append(SchemaViolation(path: path, reason: "must have at most \(Int(maximum)) items"))
        }
        if keywords["uniqueItems"]?.boolValue == true, Set(elements).count != elements.count {
            found.append(SchemaViolation(path: path, reason: "items must be unique"))
        }
        if let itemSchema = keywords["items"] {
            for (index, element) in elements.enumerated() {
                check(element, against: itemSchema, at: "\(path)[\(index)]", into: &found, depth: depth + 1)
            }
        }
    }

    private func checkString(_ text: String, _ keywords: [String: JSONValue], _ path: String, _ found: inout [SchemaViolation]) {
        if let minimum = keywords["minLength"]?.numberValue, Double(text.count) < minimum {
            found.append(SchemaViolation(path: path, reason: "must be at least \(Int(minimum)) characters"))
        }
        if let maximum = keywords["maxLength"]?.numberValue, Double(text.count) > maximum {
            found.append(SchemaViolation(path: path, reason: "must be at most \(Int(maximum)) characters"))
        }
        if let pattern = keywords["pattern"]?.stringValue,
            text.range(of: pattern, options: .regularExpression) == nil
        {
            found.append(SchemaViolation(path: path, reason: "must match \(pattern)"))
        }
        if let format = keywords["format"]?.stringValue, !StringFormat.accepts(text, format: format) {
            found.append(SchemaViolation(path: path, reason: "is not a valid \(format)"))
        }
    }

    private func checkNumber(_ number: Double, _ keywords: [String: JSONValue], _ path: String, _ found: inout [SchemaViolation]) {
        if let minimum = keywords["minimum"]?.numberValue, number < minimum {
            found.append(SchemaViolation(path: path, reason: "must be at least \(JSONValue.number(minimum).jsonText)"))
        }
        if let maximum = keywords["maximum"]?.numberValue, number > maximum {
            found.append(SchemaViolation(path: path, reason: "must be at most \(JSONValue.number(maximum).jsonText)"))
        }
        let limits: [String: ClosedRange<Double>] = [
            "int32": Double(Int32.min)...Double(Int32.max),
            "int64": -9.223372036854775808e18...9.223372036854775807e18,
        ]
        if let format = keywords["format"]?.stringValue, let range = limits[format], !range.contains(number) || number.rounded() != number {
            found.append(SchemaViolation(path: path, reason: "is not a valid \(format)"))
        }
    }

    private static func path(_ parent: String, member name: String) -> String {
        let plain = !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        return plain ? "\(parent).\(name)" : "\(parent)[\(JSONValue.string(name).jsonText)]"
    }
}
