import Foundation

/// JSON files checked against a JSON Schema by Python's jsonschema, from the tests' virtual
/// environment (`scripts/check-schema.py`).
enum SchemaCheck {
    /// "valid FILE" or "invalid FILE: reason", one line per file.
    static func check(schema: URL, _ files: [String]) throws -> [String] {
        let python = Executables.packageRoot.appendingPathComponent(".build/test-venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw MockError(description: "no \(python): run scripts/test-tools.sh (make test does) to install jsonschema")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Executables.packageRoot.appendingPathComponent("scripts/check-schema.py").path, schema.path] + files
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.split(separator: "\n").map(String.init)
    }
}
