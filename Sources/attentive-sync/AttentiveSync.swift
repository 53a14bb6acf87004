import ArgumentParser
import Foundation
import SyncCore

/// The `attentive-sync` command line.
@main
struct AttentiveSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attentive-sync",
        abstract: "Sync customer rows from CSV exports or PostgreSQL queries into Attentive, sending only what changed.",
        version: "attentive-sync \(AttentiveSyncVersion.current) (libphonenumber \(PhoneNormalizer.libraryVersion))",
        subcommands: [
            ValidateCommand.self, PlanCommand.self, RunCommand.self, BaselineCommand.self,
            CheckCommand.self, HistoryCommand.self, StreamSourceCommand.self,
        ]
    )

    /// Parses and runs a command; usage errors exit 2 (the SPEC's status), not ArgumentParser's 64.
    static func main() async {
        let arguments = WaitTime.normalize(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}
