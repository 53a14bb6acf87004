import ArgumentParser

/// The `attentive-sync` command line.
@main
struct AttentiveSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attentive-sync",
        abstract: "Sync customer rows from CSV exports or PostgreSQL queries into Attentive, sending only what changed.",
        subcommands: [
            ValidateCommand.self, PlanCommand.self, RunCommand.self, BaselineCommand.self,
            CheckCommand.self, HistoryCommand.self, StreamSourceCommand.self,
        ]
    )
}
