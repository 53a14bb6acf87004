import Foundation
import Testing

/// Every mapping and every `attentive-sync … mappings/…` command the README shows runs as
/// written against the samples: the mappings are extracted and validated, the commands run in a
/// folder laid out as the repository is.
@Suite struct ReadmeExampleTests {
    /// The README's fenced code blocks: (language, text).
    static let blocks: [(String, String)] = {
        let readme = try! String(contentsOf: Executables.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var blocks: [(String, String)] = []
        var language: String?
        var text = ""
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if let open = language { blocks.append((open, text)); language = nil } else { language = String(line.dropFirst(3)); text = "" }
            } else if language != nil {
                text += line + "\n"
            }
        }
        return blocks
    }()

    /// A folder with the samples and the shipped mappings, as the README's paths expect.
    func layout() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("attentive-sync-readme-\(UUID().uuidString)")
        let mappings = root.appendingPathComponent("mappings")
        try FileManager.default.createDirectory(at: mappings, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("samples"),
                                                   withDestinationURL: Executables.packageRoot.appendingPathComponent("samples"))
        let shipped = Executables.packageRoot.appendingPathComponent("mappings")
        for file in try FileManager.default.contentsOfDirectory(atPath: shipped.path) {
            try FileManager.default.copyItem(at: shipped.appendingPathComponent(file), to: mappings.appendingPathComponent(file))
        }
        return root
    }

    @Test func everyMappingInTheReadmeValidatesAgainstTheSamples() throws {
        let mappings = Self.blocks.filter { language, text in
            language == "json" && text.hasPrefix("{") && text.contains("\"source\"") && (text.contains("\"identity\"") || text.contains("\"catalog\""))
        }
        #expect(mappings.count >= 3, "\(mappings.count) mappings found")
        let root = try layout()
        defer { try? FileManager.default.removeItem(at: root) }
        for (index, (_, text)) in mappings.enumerated() {
            let path = root.appendingPathComponent("mappings/readme-\(index).json").path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let result = try attentiveSync(["validate", path])
            #expect(result.status == 0, "README mapping \(index + 1):\n\(text)\n\(result.stdout)\(result.stderr)")
        }
    }

    @Test func everyCommandOnTheSamplesRunsAsWritten() throws {
        let commands = Self.blocks.filter { $0.0 == "sh" || $0.0.isEmpty }.flatMap { $0.1.split(separator: "\n") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("attentive-sync ") && $0.contains(" mappings/") }
        #expect(commands.count >= 3, "\(commands)")
        let root = try layout()
        defer { try? FileManager.default.removeItem(at: root) }
        for command in commands {
            let arguments = command.split(separator: " ").dropFirst().map(String.init) + ["--state", root.appendingPathComponent("state.sqlite").path]
            let result = try attentiveSync(arguments, directory: root)
            #expect(result.status == 0, "\(command)\n\(result.stdout.suffix(2000))\(result.stderr)")
        }
    }
}
