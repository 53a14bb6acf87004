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
            case .syntax(let line, let problem): throw root.error("not valid JSON at line \(line): \(problem)")
            case .duplicateKey(let path): throw path.reduce(root) { $0.child($1, .null) }.error("duplicate key")
            }
        }
    }

    func error(_ reason: String) -> MappingError {
        MappingError(file: file, path: path, reason: reason)
    }

    func child(_ key: String, _ value: JSONValue) -> MappingNode {
        MappingNode(value: value, path: path.isEmpty ? key : "\(path).\(key)", file: file)
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

    /// The members of an object whose keys are names of the user's choosing.
    func namedMembers() throws(MappingError) -> [(String, MappingNode)] {
        guard case .object(let object) = value else { throw error("expected an object, found \(value.kind)") }
        return object.keys.sorted().map { ($0, child($0, object[$0]!)) }
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
