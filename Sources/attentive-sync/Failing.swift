import ArgumentParser
import Foundation
import SyncCore

/// Runs a command body; an error is printed as one line on stderr and becomes the SPEC's exit status.
func failing(_ body: () async throws -> ExitStatus) async throws {
    let status: ExitStatus
    do {
        status = try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("error: \(error)")
        status = ExitStatus(for: error)
    }
    if status != .success { throw ExitCode(status.rawValue) }
}

/// A line on stderr, where progress and diagnostics go (a JSON log object with `--log-format json`).
func printError(_ line: String) {
    StderrLogHandler.writeDiagnostic(line)
}
