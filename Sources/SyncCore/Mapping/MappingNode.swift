import Foundation

/// A value in the mapping document together with its path, so every error names its key.
struct MappingNode {
    let value: JSONValue
    let path: String
    let file: String

    /// The root of a mapping document: `data` read strictly as JSON (`JSONParser`).
    static func root(parsing data: Data, file: String) throws(MappingError) -> MappingNode {
        let root = MappingNode(value: .null, path: "", file: file)
        do throws(JSONParser.Failure) {
            return MappingNode(value: try JSONParser.parse(data), path: "", file: file)
        } catch {
            switch error {
            case .syntax(let line, let column, let problem): throw root.error("not valid JSON at line \(line), column \(column): \(problem)")
            case .duplicateKey(let path): throw path.reduce(root) { $0.child($1, .null) }.error("duplicate key")
            }
        }
    }

    func error(_ reason: String) -> MappingError {
        MappingError(file: file, path: path, reason: reason)
    }

    /// The node of `key` (or an array index). Invisible characters in the key are shown
    /// as `\u0000` escapes: the path goes to a terminal.
    func child(_ key: String, _ value: JSONValue) -> MappingNode {
        let shown = key.unicodeScalars.map { Self.isInvisible($0) ? "\\u" + Self.hex($0) : String($0) }.joined()
        return MappingNode(value: value, path: path.isEmpty ? shown : "\(path).\(shown)", file: file)
    }

    /// The members of an object, rejecting any key not in `allowed`.
    func members(allowed: Set<String>) throws(MappingError) -> [String: MappingNode] {
        guard case .object(let object) = value else { throw error("expected an object, found \(value.kind)") }
        var members: [String: MappingNode] = [:]
        for key in object.keys.sorted() {
            let node = child(key, object[key]!)
            guard allowed.contains(key) else {
                throw node.error("unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            members[key] = node
        }
        return members
    }

    /// The members of an object whose keys are names of the user's choosing (`noun`s):
    /// at least one, each name visible (see `visibleText`).
    func namedMembers(_ noun: String) throws(MappingError) -> [(String, MappingNode)] {
        guard case .object(let object) = value else { throw error("expected an object, found \(value.kind)") }
        guard !object.isEmpty else { throw error("is empty: map at least one \(noun) or remove the key") }
        var members: [(String, MappingNode)] = []
        for name in object.keys.sorted() {
            let node = child(name, object[name]!)
            if let problem = Self.visibilityProblem(name) { throw node.error("the name \(problem)") }
            members.append((name, node))
        }
        return members
    }

    /// The elements of an array, at least one `noun`; `optional` says the key may be left out.
    func elements(_ noun: String, optional: Bool = true) throws(MappingError) -> [MappingNode] {
        guard case .array(let entries) = value else { throw error("expected an array, found \(value.kind)") }
        guard !entries.isEmpty else { throw error("is empty: map at least one \(noun)\(optional ? " or remove the key" : "")") }
        return entries.enumerated().map { child("\($0.offset)", $0.element) }
    }

    func string() throws(MappingError) -> String {
        guard case .string(let string) = value else { throw error("expected a string, found \(value.kind)") }
        return string
    }

    func nonEmptyString() throws(MappingError) -> String {
        let string = try string()
        guard !string.isEmpty else { throw error("must not be empty") }
        return string
    }

    /// A name or id that keys state or reaches Attentive: not blank, and without control or
    /// format characters, which would make it differ from what a person reads.
    func visibleText() throws(MappingError) -> String {
        let string = try string()
        if let problem = Self.visibilityProblem(string) { throw error(problem) }
        return string
    }

    static func visibilityProblem(_ text: String) -> String? {
        if text.trimmedValue.isEmpty { return "must not be blank" }
        guard let invisible = text.unicodeScalars.first(where: isInvisible) else { return nil }
        return "must not hold control or format characters (U+\(hex(invisible)))"
    }

    /// Unicode's control (Cc: NUL, escape, line breaks) and format (Cf: zero-width space, bidi marks) characters.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
    }

    /// A code point in at least four hex digits: `001B`.
    private static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// A string holding more than blanks and semicolons: a query.
    func nonBlankQuery() throws(MappingError) -> String {
        let string = try string()
        guard !string.allSatisfy({ $0.isWhitespace || $0 == ";" }) else { throw error("must not be empty") }
        return string
    }

    func bool() throws(MappingError) -> Bool {
        guard case .bool(let bool) = value else { throw error("expected true or false, found \(value.kind)") }
        return bool
    }

    /// A string that must be one of an enum's raw values.
    func oneOf<T: RawRepresentable & CaseIterable>(_: T.Type) throws(MappingError) -> T where T.RawValue == String {
        let string = try string()
        guard let parsed = T(rawValue: string) else {
            throw error("'\(string)' is not one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return parsed
    }
}
