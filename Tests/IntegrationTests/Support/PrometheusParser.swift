import Foundation
import Testing

/// A metrics file read back by Python's `prometheus_client` parser (strict about the text format),
/// from the tests' virtual environment that `scripts/test-tools.sh` makes (`make test` runs it).
struct PrometheusSamples {
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
        var type: String
        var help: String
    }

    var samples: [Sample]

    init(file path: String) throws {
        let python = Executables.packageRoot.appendingPathComponent(".build/test-venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw MockError(description: "no \(python): run scripts/test-tools.sh (make test does) to install prometheus_client")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Executables.packageRoot.appendingPathComponent("scripts/prometheus-samples.py").path, path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let problem = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw MockError(description: "prometheus_client refused \(path): \(problem)")
        }
        let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
        samples = list.map { entry in
            Sample(name: entry["name"] as? String ?? "", labels: entry["labels"] as? [String: String] ?? [:],
                   value: (entry["value"] as? NSNumber)?.doubleValue ?? .nan, type: entry["type"] as? String ?? "",
                   help: entry["help"] as? String ?? "")
        }
    }

    /// The value of the one sample named `name` with exactly these labels; nil when there is none.
    func value(_ name: String, _ labels: [String: String]) -> Double? {
        let matching = samples.filter { $0.name == name && $0.labels == labels }
        return matching.count == 1 ? matching[0].value : nil
    }
}
